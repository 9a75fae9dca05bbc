//! Opening hours: grouping weekdays for display and the clerk's text format.

/// Opening periods of one day, minutes after midnight.
pub type Periods = Vec<(u32, u32)>;
/// `(first weekday, last weekday, periods)`, Monday = 0.
pub type HoursRun = (usize, usize, Periods);

/// Runs of consecutive weekdays (0 = Monday) with the same opening periods, closed days left
/// out: `(first, last, periods)`.
pub fn group_hours(hours: &[Vec<(u32, u32)>]) -> Vec<HoursRun> {
    let mut groups: Vec<HoursRun> = Vec::new();
    for (i, periods) in hours.iter().enumerate().take(7) {
        match groups.last_mut() {
            Some((_, end, p)) if *end + 1 == i && p == periods => *end = i,
            _ => groups.push((i, i, periods.clone())),
        }
    }
    groups.retain(|(.., p)| !p.is_empty());
    groups
}

/// `HH:MM` for minutes after midnight.
pub fn format_minute(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// One weekday's hours as a clerk types them: `09:00-12:00 13:30-17:00`.
pub fn hours_text(periods: &[(u32, u32)]) -> String {
    periods
        .iter()
        .map(|(a, b)| format!("{}-{}", format_minute(*a), format_minute(*b)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses what [`hours_text`] writes (also `9:00-12:00`, commas, full-width colons and
/// dashes); `None` when a period is malformed, runs backwards or overlaps the one before.
pub fn parse_hours(text: &str) -> Option<Vec<(u32, u32)>> {
    let minute = |t: &str| {
        let (h, m) = t.trim().split_once([':', '：'])?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then(|| h * 60 + m)
    };
    let mut out = Vec::new();
    let mut last = 0;
    for part in text.split([' ', ',', '，', '、', ';', '；']).filter(|p| !p.trim().is_empty()) {
        let (a, b) = part.split_once(['-', '–', '—', '~', '～'])?;
        let (a, b) = (minute(a)?, minute(b)?);
        if a >= b || a < last {
            return None;
        }
        last = b;
        out.push((a, b));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_group_and_round_trip() {
        let day = vec![(540, 720), (810, 1020)];
        let mut week = vec![day.clone(); 5];
        week.push(vec![(540, 720)]);
        week.push(vec![]);
        assert_eq!(group_hours(&week), vec![(0, 4, day.clone()), (5, 5, vec![(540, 720)])]);
        assert_eq!(parse_hours(&hours_text(&day)), Some(day));
        assert_eq!(parse_hours("9:00-12:00，13：30—17:00"), Some(vec![(540, 720), (810, 1020)]));
        assert_eq!(parse_hours(""), Some(vec![]));
        assert_eq!(parse_hours("12:00-09:00"), None);
        assert_eq!(parse_hours("09:00-12:00 11:00-13:00"), None, "overlap");
        assert_eq!(parse_hours("nine to five"), None);
        // Hours past u32's range once wrapped to a time of day (00:44-01:44 in release builds).
        assert_eq!(parse_hours("71582789:00-71582790:00"), None);
        assert_eq!(parse_hours("23:00-24:00"), Some(vec![(1380, 1440)]));
        assert_eq!(parse_hours("23:00-25:00"), None);
    }
}
