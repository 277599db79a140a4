//! Who the virtual teachers are: numbered accounts whose phone follows a
//! pattern (the national data generator gives registered teacher `n` the
//! phone `+88019` and `n + 1` in eight digits, so `--phone-pattern
//! '+88019{i:08}' --teachers-from 1` signs in its first teachers), or a
//! file of `phone,password` lines (the demo's accounts).

use anyhow::{Context, bail};

/// One account to sign in with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub login: String,
    pub password: String,
}

/// `pattern` with `{i}` (or `{i:08}`, zero-padded to eight digits) replaced by `i`.
pub fn phone(pattern: &str, i: u64) -> anyhow::Result<String> {
    let start = pattern.find("{i").context("--phone-pattern needs a {i} placeholder")?;
    let end = pattern[start..].find('}').context("--phone-pattern: {i… is not closed")? + start;
    let spec = &pattern[start + 2..end];
    let number = match spec.strip_prefix(':') {
        None if spec.is_empty() => i.to_string(),
        Some(width) => {
            let zeros = width.starts_with('0');
            let width: usize = width.parse().with_context(|| format!("--phone-pattern: bad width {width:?}"))?;
            if zeros { format!("{i:0width$}") } else { format!("{i:width$}") }
        }
        None => bail!("--phone-pattern: write {{i}} or {{i:08}}, not {{i{spec}}}"),
    };
    Ok(format!("{}{number}{}", &pattern[..start], &pattern[end + 1..]))
}

/// Teachers `from`, `from + 1`, … by the pattern, all with one password.
pub fn numbered(pattern: &str, from: u64, count: u64, password: &str) -> anyhow::Result<Vec<Account>> {
    (from..from + count).map(|i| Ok(Account { login: phone(pattern, i)?, password: password.to_owned() })).collect()
}

/// `phone,password` lines (a line without a password takes `password`);
/// blank lines and lines starting with `#` are skipped. `from` is the
/// first line to use (1-based), `count` how many (all when `None`).
pub fn from_file(text: &str, from: u64, count: Option<u64>, password: &str) -> Vec<Account> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(',') {
            Some((login, pw)) => Account { login: login.trim().into(), password: pw.trim().into() },
            None => Account { login: l.into(), password: password.into() },
        })
        .skip(from.saturating_sub(1) as usize)
        .take(count.map_or(usize::MAX, |c| c as usize))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_pads_the_number() {
        assert_eq!(phone("+88019{i:08}", 1).unwrap(), "+8801900000001");
        assert_eq!(phone("+8801{i:09}", 607_500).unwrap(), "+8801000607500");
        assert_eq!(phone("t{i}@example.org", 7).unwrap(), "t7@example.org");
        assert!(phone("+8801", 1).is_err());
        assert!(phone("+8801{i:x}", 1).is_err());
        let accounts = numbered("+88019{i:08}", 5, 2, "pw").unwrap();
        assert_eq!(accounts[1], Account { login: "+8801900000006".into(), password: "pw".into() });
    }

    #[test]
    fn an_accounts_file_gives_phones_and_passwords() {
        let text = "# demo\n+8801700000002,batayon-demo\n\n+8801710007919\n+8801710015838, other\n";
        let all = from_file(text, 1, None, "default");
        assert_eq!(all.len(), 3);
        assert_eq!(all[1], Account { login: "+8801710007919".into(), password: "default".into() });
        assert_eq!(all[2].password, "other");
        assert_eq!(from_file(text, 2, Some(1), "d")[0].login, "+8801710007919");
    }
}
