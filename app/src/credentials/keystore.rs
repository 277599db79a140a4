//! Issuers' private signing keys, kept outside the database: one file a
//! key under the keys folder (readable by the portal's user only), or an
//! environment secret `BATAYON_ISSUER_KEY_<issuer>_<number>` that wins over
//! the file. A database dump never holds a key that can sign.

use std::io::Write;
use std::path::{Path, PathBuf};

use vc::Keypair;

use crate::ids::IssuerId;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the signing key {0} of issuer {1} is missing (neither {2} nor the environment has it)")]
    Missing(i32, i64, String),
    #[error("the signing key file {0} is not a secret key multibase")]
    Malformed(String),
    #[error("the signing key {0} of issuer {1} on disk is not the published one")]
    NotPublished(i32, i64),
    #[error("writing the signing key {0}: {1}")]
    Write(String, std::io::Error),
}

/// A key's file carries the key's own fingerprint, so two keys never share
/// a file: two rotations at once each write their own, and the one whose
/// row loses the unique index leaves the winner's file untouched.
fn file(dir: &Path, issuer: IssuerId, number: i32, public_multibase: &str) -> PathBuf {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(public_multibase.as_bytes());
    let print: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("issuer-{}-key-{number}-{print}.secret", issuer.0))
}

/// Where keys made before files carried fingerprints were written.
fn older_file(dir: &Path, issuer: IssuerId, number: i32) -> PathBuf {
    dir.join(format!("issuer-{}-key-{number}.secret", issuer.0))
}

/// The private half of the published key `public_multibase`: a key whose
/// public half differs (a file from another key) is refused, never used.
pub fn load(dir: &Path, issuer: IssuerId, number: i32, public_multibase: &str) -> Result<Keypair, KeyError> {
    let path = file(dir, issuer, number, public_multibase);
    let text = match std::env::var(format!("BATAYON_ISSUER_KEY_{}_{number}", issuer.0)) {
        Ok(secret) => secret,
        Err(_) => std::fs::read_to_string(&path)
            .or_else(|_| std::fs::read_to_string(older_file(dir, issuer, number)))
            .map_err(|_| KeyError::Missing(number, issuer.0, path.display().to_string()))?,
    };
    let pair =
        Keypair::from_secret_multibase(text.trim()).map_err(|_| KeyError::Malformed(path.display().to_string()))?;
    if pair.public_multibase() != public_multibase {
        return Err(KeyError::NotPublished(number, issuer.0));
    }
    Ok(pair)
}

/// Makes a fresh key and writes it durably (a temporary file of its own,
/// fsync, then a hard link that fails rather than replace an existing
/// file) before the caller publishes its public half.
pub fn create(dir: &Path, issuer: IssuerId, number: i32) -> Result<Keypair, KeyError> {
    let key = Keypair::generate();
    let path = file(dir, issuer, number, &key.public_multibase());
    let err = |e| KeyError::Write(path.display().to_string(), e);
    std::fs::create_dir_all(dir).map_err(err)?;
    let tmp = path.with_extension(format!("{:016x}.tmp", rand::random::<u64>()));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(err)?;
        f.write_all(key.secret_multibase().as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)?;
    }
    let linked = std::fs::hard_link(&tmp, &path);
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(err)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(key)
}

/// Removes the file of a key whose row was never written (it lost a race).
pub fn discard(dir: &Path, issuer: IssuerId, number: i32, public_multibase: &str) {
    let _ = std::fs::remove_file(file(dir, issuer, number, public_multibase));
}
