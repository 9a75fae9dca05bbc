//! Personal-data protection (PIPL art. 51): resident ID numbers are encrypted at rest with
//! AES-256-GCM and indexed by HMAC-SHA256 for uniqueness and lookup; one-time codes and
//! session tokens are stored only as keyed or plain hashes.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::path::Path;

/// One 64-byte key: the first 32 bytes for AES-256-GCM, the last 32 for HMAC-SHA256. Its id
/// (8 hex characters of its SHA-256) is written into every ciphertext, so a server holding the
/// current key and the old ones reads whatever a row was written with.
struct Key {
    id: String,
    aead: Aes256Gcm,
    mac_key: [u8; 32],
}

impl Key {
    fn new(key: &[u8]) -> Result<Key, KeyError> {
        if key.len() != 64 {
            return Err(KeyError::Malformed);
        }
        let aead = Aes256Gcm::new_from_slice(&key[..32]).map_err(|_| KeyError::Malformed)?;
        let mut mac_key = [0u8; 32];
        mac_key.copy_from_slice(&key[32..]);
        Ok(Key { id: hex(&Sha256::digest(key)[..4]), aead, mac_key })
    }

    /// The associated data: what the ciphertext is (a resident ID number) and under which key,
    /// so a ciphertext cannot be passed off as another kind of value or relabelled.
    fn aad(&self) -> String {
        format!("portal:resident_id:v2:{}", self.id)
    }
}

/// The current key (writes, lookups) and old keys (reads only, until `keys rotate` has
/// rewritten every row).
pub struct Crypto {
    current: Key,
    old: Vec<Key>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no encryption key: set PORTAL_KEY (128 hex characters) or create {0} (e.g. `openssl rand -hex 64 > {0}`)"
    )]
    Missing(String),
    #[error("the encryption key must be 128 hex characters (64 bytes)")]
    Malformed,
    #[error("cannot write the generated key to {0}: {1}")]
    Write(String, std::io::Error),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).expect("the operating system's random source");
    b
}

impl Crypto {
    pub fn from_key(key: &[u8]) -> Result<Crypto, KeyError> {
        Ok(Crypto { current: Key::new(key)?, old: Vec::new() })
    }

    /// Adds old keys (hex), readable but never used to write.
    pub fn with_old_keys(mut self, old: &[String]) -> Result<Crypto, KeyError> {
        for k in old.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
            let key = Key::new(&unhex(k).ok_or(KeyError::Malformed)?)?;
            if key.id != self.current.id {
                self.old.push(key);
            }
        }
        Ok(self)
    }

    /// The id of the key new ciphertexts are written with.
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// Whether a stored ciphertext was written with another key or the old format (so
    /// `keys rotate` should rewrite it).
    pub fn is_stale(&self, stored: &str) -> bool {
        !stored.starts_with(&format!("v2:{}:", self.current.id))
    }

    /// The key from `PORTAL_KEY` (hex) or the key file; with `generate`, a missing file is
    /// created with a fresh random key (demo and development only; the server says so loudly).
    pub fn load(env_key: Option<&str>, file: &Path, generate: bool) -> Result<Crypto, KeyError> {
        if let Some(k) = env_key.filter(|k| !k.trim().is_empty()) {
            return Crypto::from_key(&unhex(k).ok_or(KeyError::Malformed)?);
        }
        match std::fs::read_to_string(file) {
            Ok(text) => Crypto::from_key(&unhex(&text).ok_or(KeyError::Malformed)?),
            Err(_) if generate => {
                let key: [u8; 64] = random_bytes();
                let write_err = |e| KeyError::Write(file.display().to_string(), e);
                if let Some(dir) = file.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                // Written whole to a private file of its own and synced, then linked into place,
                // which fails if the file exists: a crash never leaves a half-written key, the key
                // is never readable by others, and of two servers starting at once the second
                // uses the first one's key instead of one no file holds.
                let tmp = file.with_extension(format!("tmp-{}", hex(&random_bytes::<8>())));
                write_private(&tmp, hex(&key).as_bytes()).map_err(write_err)?;
                let linked = std::fs::hard_link(&tmp, file);
                let _ = std::fs::remove_file(&tmp);
                match linked {
                    Ok(()) => {
                        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        let text = std::fs::read_to_string(file).map_err(write_err)?;
                        return Crypto::from_key(&unhex(&text).ok_or(KeyError::Malformed)?);
                    }
                    Err(e) => return Err(write_err(e)),
                }
                tracing::warn!(
                    file = %file.display(),
                    "GENERATED A NEW ENCRYPTION KEY FOR DEMO USE. In production provide PORTAL_KEY or a key file, back it up, and never lose it: encrypted ID numbers cannot be read without it."
                );
                Crypto::from_key(&key)
            }
            Err(_) => Err(KeyError::Missing(file.display().to_string())),
        }
    }

    /// `v2:<key id>:base64(nonce || ciphertext)`, a fresh 96-bit nonce, the key id and purpose
    /// bound in as associated data.
    pub fn encrypt(&self, plain: &str) -> String {
        let nonce_bytes: [u8; 12] = random_bytes();
        let aad = self.current.aad();
        let payload = Payload { msg: plain.as_bytes(), aad: aad.as_bytes() };
        let cipher = self
            .current
            .aead
            .encrypt(Nonce::from_slice(&nonce_bytes), payload)
            .expect("AES-GCM encryption of a short string");
        let mut out = nonce_bytes.to_vec();
        out.extend(cipher);
        format!("v2:{}:{}", self.current.id, STANDARD.encode(out))
    }

    /// Reads a ciphertext written with the current key or an old one, in this format or the
    /// first one (`base64(nonce || ciphertext)`, no associated data).
    pub fn decrypt(&self, stored: &str) -> Option<String> {
        let keys = || std::iter::once(&self.current).chain(&self.old);
        let open = |key: &Key, body: &str, aad: &[u8]| -> Option<String> {
            let raw = STANDARD.decode(body).ok()?;
            if raw.len() < 12 {
                return None;
            }
            let payload = Payload { msg: &raw[12..], aad };
            let plain = key.aead.decrypt(Nonce::from_slice(&raw[..12]), payload).ok()?;
            String::from_utf8(plain).ok()
        };
        match stored.strip_prefix("v2:") {
            Some(rest) => {
                let (id, body) = rest.split_once(':')?;
                let key = keys().find(|k| k.id == id)?;
                open(key, body, key.aad().as_bytes())
            }
            None => keys().find_map(|k| open(k, stored, b"")),
        }
    }

    /// Keyed hash for lookups and uniqueness (and for one-time codes: a leaked table cannot be
    /// brute-forced without the key).
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut m =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.current.mac_key).expect("any key length");
        for p in parts {
            m.update(p.as_bytes());
            m.update(&[0]);
        }
        hex(&m.finalize().into_bytes())
    }
}

/// A new session token (256 bits) and the hash stored for it.
pub fn new_token() -> (String, String) {
    let token = URL_SAFE_NO_PAD.encode(random_bytes::<32>());
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A six-digit code, uniformly drawn.
pub fn new_code() -> String {
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        // Reject the top sliver so every code is equally likely.
        if n < u32::MAX - (u32::MAX % 1_000_000) {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// Creates `path` readable by its owner only (0600 from the start, not chmod after) and
/// writes and syncs `bytes`.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_round_trips_and_is_randomised() {
        let c = Crypto::from_key(&[7u8; 64]).unwrap();
        let a = c.encrypt("11010519491231002X");
        let b = c.encrypt("11010519491231002X");
        assert_ne!(a, b, "fresh nonce each time");
        assert!(!a.contains("1949"));
        assert_eq!(c.decrypt(&a).as_deref(), Some("11010519491231002X"));
        let other = Crypto::from_key(&[8u8; 64]).unwrap();
        assert_eq!(other.decrypt(&a), None, "another key cannot read it");
        assert_eq!(c.mac(&["x"]), c.mac(&["x"]));
        assert_ne!(c.mac(&["x"]), other.mac(&["x"]));
    }

    #[test]
    fn ciphertexts_name_their_key_and_bind_it_as_associated_data() {
        let old = Crypto::from_key(&[7u8; 64]).unwrap();
        let written = old.encrypt("11010519491231002X");
        assert!(written.starts_with(&format!("v2:{}:", old.key_id())));
        // A new key with the old one kept for reading: old rows still read, and are stale.
        let new = Crypto::from_key(&[9u8; 64]).unwrap().with_old_keys(&[hex(&[7u8; 64])]).unwrap();
        assert_eq!(new.decrypt(&written).as_deref(), Some("11010519491231002X"));
        assert!(new.is_stale(&written));
        assert!(!new.is_stale(&new.encrypt("x")));
        // Relabelling a ciphertext with another key id, or editing it, fails.
        let relabelled = written.replacen(old.key_id(), new.key_id(), 1);
        assert_eq!(new.decrypt(&relabelled), None);
        let body = written.rsplit(':').next().unwrap();
        let raw = STANDARD.decode(body).unwrap();
        let legacy_from_v2 = STANDARD.encode(raw);
        assert_eq!(old.decrypt(&legacy_from_v2), None, "the AAD is required");
        // The first format (no key id, no AAD) is still read, with any key held.
        let legacy = {
            let nonce = [1u8; 12];
            let aead = Aes256Gcm::new_from_slice(&[7u8; 32]).unwrap();
            let mut out = nonce.to_vec();
            out.extend(
                aead.encrypt(Nonce::from_slice(&nonce), b"440524188001010014".as_ref()).unwrap(),
            );
            STANDARD.encode(out)
        };
        assert_eq!(new.decrypt(&legacy).as_deref(), Some("440524188001010014"));
        assert!(new.is_stale(&legacy));
        assert!(Crypto::from_key(&[9u8; 64]).unwrap().with_old_keys(&["zz".into()]).is_err());
    }

    #[test]
    fn codes_and_tokens() {
        let code = new_code();
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        let (t, h) = new_token();
        assert!(t.len() >= 43, "256 bits");
        assert_eq!(token_hash(&t), h);
        assert!(unhex("zz").is_none());
        assert_eq!(unhex(&hex(&[1, 255])).unwrap(), vec![1, 255]);
    }
}
