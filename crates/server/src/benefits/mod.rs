//! Benefit self-assessment runs in the browser; the server only serves the policy files,
//! versioned by content so they can be cached for good (and by the app's service worker).

pub mod routes;

use portal_api::benefits::{Eligibility, Household, Policy, PolicyIndexEntry, assess};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::RwLock;

/// The policies read at start-up: the index, and each policy's JSON by region. Behind a lock
/// so a new version can be published while the server runs (`POST /api/dev/policies` in dev
/// and tests; the app notices the new version on its next start).
#[derive(Debug, Default)]
pub struct PolicyStore {
    inner: RwLock<Versions>,
}

#[derive(Debug, Default, Clone)]
struct Versions {
    index: Vec<PolicyIndexEntry>,
    json: BTreeMap<String, (String, Vec<u8>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read the policy directory {0}: {1}")]
    Dir(String, std::io::Error),
    #[error("policy file {0}: {1}")]
    Parse(String, String),
}

/// FNV-1a, 64 bits: a content version for cache busting, not a security measure.
fn fnv1a(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl PolicyStore {
    /// Reads every `*.toml` in `dir`. A file that does not parse, or lacks a parameter in force
    /// today, stops the server at start-up rather than misleading residents later.
    pub fn load(dir: &Path, today: portal_api::ids::Date) -> Result<PolicyStore, PolicyError> {
        let store = PolicyStore::default();
        let entries =
            std::fs::read_dir(dir).map_err(|e| PolicyError::Dir(dir.display().to_string(), e))?;
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| PolicyError::Parse(name.clone(), e.to_string()))?;
            let policy: Policy = toml::from_str(&text)
                .map_err(|e| PolicyError::Parse(name.clone(), e.to_string()))?;
            store.publish(policy, today).map_err(|why| PolicyError::Parse(name, why))?;
        }
        Ok(store)
    }

    /// Checks a policy (every parameter in force on `today`) and makes it the current version
    /// of its region, replacing any earlier one. Returns its index entry.
    pub fn publish(
        &self,
        policy: Policy,
        today: portal_api::ids::Date,
    ) -> Result<PolicyIndexEntry, String> {
        let probe = Household { members: vec![Default::default()], ..Default::default() };
        let probe = assess(&probe, &policy, today).map_err(|e| format!("{e:?}"))?;
        if let Some(r) = probe.results.iter().find(|r| r.eligibility == Eligibility::NotAssessed) {
            return Err(format!("no figure in force on {today}: {:?}", r.reasons));
        }
        let json = serde_json::to_vec(&policy).map_err(|e| e.to_string())?;
        let version = fnv1a(&json);
        let entry = PolicyIndexEntry {
            url: format!("/api/policies/{}/{version}", policy.region),
            region: policy.region.clone(),
            name_zh: policy.name_zh,
            name_en: policy.name_en,
            version: version.clone(),
        };
        let mut v = self.inner.write().unwrap_or_else(|e| e.into_inner());
        v.index.retain(|e| e.region != entry.region);
        v.index.push(entry.clone());
        v.index.sort_by(|a, b| a.region.cmp(&b.region));
        v.json.insert(policy.region, (version, json));
        Ok(entry)
    }

    /// Every region's current version.
    pub fn index(&self) -> Vec<PolicyIndexEntry> {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).index.clone()
    }

    /// A region's current version and its JSON.
    pub fn current(&self, region: &str) -> Option<(String, Vec<u8>)> {
        self.inner.read().unwrap_or_else(|e| e.into_inner()).json.get(region).cloned()
    }
}
