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
    #[error("writing the signing key {0}: {1}")]
    Write(String, std::io::Error),
}

fn file(dir: &Path, issuer: IssuerId, number: i32) -> PathBuf {
    dir.join(format!("issuer-{}-key-{number}.secret", issuer.0))
}

pub fn load(dir: &Path, issuer: IssuerId, number: i32) -> Result<Keypair, KeyError> {
    let path = file(dir, issuer, number);
    let text = match std::env::var(format!("BATAYON_ISSUER_KEY_{}_{number}", issuer.0)) {
        Ok(secret) => secret,
        Err(_) => std::fs::read_to_string(&path)
            .map_err(|_| KeyError::Missing(number, issuer.0, path.display().to_string()))?,
    };
    Keypair::from_secret_multibase(text.trim()).map_err(|_| KeyError::Malformed(path.display().to_string()))
}

/// Makes a fresh key and writes it durably (temporary file, fsync,
/// rename) before the caller publishes its public half.
pub fn create(dir: &Path, issuer: IssuerId, number: i32) -> Result<Keypair, KeyError> {
    let key = Keypair::generate();
    let path = file(dir, issuer, number);
    let err = |e| KeyError::Write(path.display().to_string(), e);
    std::fs::create_dir_all(dir).map_err(err)?;
    let tmp = path.with_extension("tmp");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(err)?;
        f.write_all(key.secret_multibase().as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)?;
    }
    std::fs::rename(&tmp, &path).map_err(err)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(key)
}
