//! Legal supporters (法定赡养、抚养、扶养义务人) derived from each member's relationship to the
//! applicant, and whether each is able to support (民发〔2021〕43号《特困人员认定办法》 art. 8).
//! Only a supporter living outside the household is asked about.

use super::Ctx;
use super::reason::SupporterState;
use crate::benefits::model::{ChildStatus, Household, Member, Relation};
use crate::benefits::money::Fen;
use serde::{Deserialize, Serialize};

/// What one member is to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kin {
    Spouse,
    Parent,
    Child,
    Grandparent,
    Grandchild,
    Sibling,
    /// No relationship that carries a duty of support, or one we cannot tell.
    Unknown,
}

/// What someone with relation `b` to the applicant is to someone with relation `a` to the
/// applicant. The applicant's spouse is taken as the parent of the applicant's children.
pub fn kin(a: Relation, b: Relation) -> Kin {
    use Relation::*;
    match (a, b) {
        (Applicant, Spouse) | (Spouse, Applicant) | (Parent, Parent) => Kin::Spouse,
        (Applicant | Spouse, Child) | (Parent, Applicant | Sibling) => Kin::Child,
        (Child, Applicant | Spouse) | (Applicant | Sibling, Parent) => Kin::Parent,
        (Applicant, Grandparent) | (Child, Parent) | (Grandchild, Applicant | Spouse) => {
            Kin::Grandparent
        }
        (Grandparent, Applicant) | (Parent, Child) | (Applicant | Spouse, Grandchild) => {
            Kin::Grandchild
        }
        (Child, Child) | (Applicant, Sibling) | (Sibling, Applicant) | (Sibling, Sibling) => {
            Kin::Sibling
        }
        _ => Kin::Unknown,
    }
}

/// Does `j` owe `i` support under the Civil Code? Spouses (art. 1059); parents to minor
/// children or adult children who cannot live on their own (art. 1067); adult children to
/// parents (art. 1067); grandparents and adult siblings to a minor whose parents are dead
/// or cannot (arts. 1074-1075); adult grandchildren to a grandparent with no child here
/// (art. 1074).
pub fn owes_support(h: &Household, i: usize, j: usize) -> bool {
    let (mi, mj) = (&h.members[i], &h.members[j]);
    let adult = mj.age >= 18;
    let no_parents = mi.child_status != ChildStatus::None;
    match kin(mi.relation, mj.relation) {
        Kin::Spouse => true,
        Kin::Parent => mi.age < 18 || mi.no_work_capacity(),
        Kin::Child => adult,
        Kin::Grandparent => mi.age < 18 && no_parents,
        Kin::Sibling => adult && mi.age < 18 && no_parents,
        Kin::Grandchild => {
            let has_child = (0..h.members.len())
                .any(|k| k != i && kin(mi.relation, h.members[k].relation) == Kin::Child);
            adult && !has_child
        }
        Kin::Unknown => false,
    }
}

/// Someone in the household owes `i` support and is of working age without a severe
/// disability, so able whatever the standard (art. 8 lists no such case as unable).
pub fn has_working_age_supporter(h: &Household, i: usize) -> bool {
    (0..h.members.len()).any(|j| {
        let m = &h.members[j];
        let severe = m.disability.is_some_and(|d| d.is_severe());
        j != i && owes_support(h, i, j) && (18..60).contains(&m.age) && !severe
    })
}

/// Whether a legal supporter can support, as far as the answers tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ability {
    Able,
    Unable,
    Unclear,
}

impl Ctx<'_> {
    /// 民发〔2021〕43号 art. 8: a supporter is unable when they are 特困 themselves, a 低保
    /// recipient aged 60+, or aged 70+ / severely disabled with own income below last year's
    /// local per-capita disposable income (certainly so when below the 低保 standard; above it,
    /// the bureau must check); a minor supports no one. Anyone else counts as able.
    fn ability(&self, j: usize, std: Fen) -> Ability {
        let m: &Member = &self.h.members[j];
        if m.age < 18 {
            return Ability::Unable;
        }
        let own_low = m.tekun_income() < std;
        if m.no_work_capacity() && own_low {
            return Ability::Unable;
        }
        if m.age >= 60 && self.below(std) {
            return Ability::Unable;
        }
        let frail = m.age >= 70 || m.disability.is_some_and(|d| d.is_severe());
        match (frail, m.dibao_income() < std) {
            (true, true) => Ability::Unable,
            (true, false) => Ability::Unclear,
            (false, _) => Ability::Able,
        }
    }

    /// Member `i`'s legal supporters taken together.
    pub(crate) fn supporter_state(&self, i: usize, std: Fen) -> SupporterState {
        let mut unclear = None;
        for j in (0..self.h.members.len()).filter(|&j| j != i && owes_support(self.h, i, j)) {
            match self.ability(j, std) {
                Ability::Able => return SupporterState::AbleInHousehold { supporter: j },
                Ability::Unclear => unclear = unclear.or(Some(j)),
                Ability::Unable => {}
            }
        }
        if self.h.outside_supporter_able {
            return SupporterState::AbleOutside;
        }
        match unclear {
            Some(supporter) => SupporterState::Unclear { supporter },
            None => SupporterState::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinship_is_symmetric_where_it_should_be() {
        use Relation::*;
        let all = [Applicant, Spouse, Child, Parent, Grandparent, Grandchild, Sibling, Other];
        let inverse = |k: Kin| match k {
            Kin::Parent => Kin::Child,
            Kin::Child => Kin::Parent,
            Kin::Grandparent => Kin::Grandchild,
            Kin::Grandchild => Kin::Grandparent,
            k => k,
        };
        for a in all {
            for b in all {
                assert_eq!(kin(b, a), inverse(kin(a, b)), "{a:?} {b:?}");
            }
        }
        assert_eq!(kin(Child, Applicant), Kin::Parent);
        assert_eq!(kin(Applicant, Child), Kin::Child);
        assert_eq!(kin(Child, Parent), Kin::Grandparent);
        assert_eq!(kin(Other, Applicant), Kin::Unknown);
    }
}
