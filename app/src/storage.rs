//! Files through `object_store`: a local directory by default, any
//! S3-compatible store when configured. Files go in and out as streams, in
//! parts, never whole in memory.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use tokio::io::AsyncReadExt;

use crate::config::StorageArgs;

/// Parts of 8 MB: S3 wants at least 5 MB per part, and two in flight keep
/// memory use small for a 2 GB video.
const PART: usize = 8 * 1024 * 1024;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Set for a local folder: files are then written by us, synced to disk
    /// before the database row that points to them commits.
    local_root: Option<PathBuf>,
    pub description: String,
}

pub struct Download {
    pub size: u64,
    pub range: Range<u64>,
    pub stream: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

impl Storage {
    pub fn local(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Storage {
            store: Arc::new(store),
            local_root: Some(dir.to_owned()),
            description: format!("local folder {}", dir.display()),
        })
    }

    pub fn from_args(args: &StorageArgs, data_dir: &Path) -> anyhow::Result<Self> {
        let Some(bucket) = &args.s3_bucket else {
            return Storage::local(&data_dir.join("media"));
        };
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = &args.s3_endpoint {
            // Non-AWS stores (MinIO, Ceph, Garage, …) want path-style requests.
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(region) = &args.s3_region {
            builder = builder.with_region(region);
        }
        if let (Some(key), Some(secret)) = (&args.s3_access_key, &args.s3_secret_key) {
            builder = builder.with_access_key_id(key).with_secret_access_key(secret);
        }
        Ok(Storage { store: Arc::new(builder.build()?), local_root: None, description: format!("S3 bucket {bucket}") })
    }

    /// Copies a local file into the store under `key`, part by part. In a
    /// local folder the copy is synced and renamed into place, so after a
    /// power cut the key holds the whole file or nothing.
    pub async fn put_file(&self, key: &str, file: &Path) -> anyhow::Result<()> {
        if let Some(root) = &self.local_root {
            let (target, temp) = local_paths(root, key)?;
            let source = file.to_owned();
            return tokio::task::spawn_blocking(move || {
                let copied = std::fs::copy(&source, &temp).and_then(|_| durable_rename(&temp, &target));
                if copied.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                copied
            })
            .await?
            .map_err(Into::into);
        }
        let upload = self.store.put_multipart(&Key::from(key)).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
        let mut source = tokio::fs::File::open(file).await?;
        let mut buffer = vec![0u8; 256 * 1024];
        loop {
            let n = source.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            writer.wait_for_capacity(2).await?;
            writer.write(&buffer[..n]);
        }
        writer.finish().await?;
        Ok(())
    }

    pub async fn put_bytes(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        if let Some(root) = &self.local_root {
            let (target, temp) = local_paths(root, key)?;
            return tokio::task::spawn_blocking(move || {
                let written = std::fs::write(&temp, &bytes).and_then(|_| durable_rename(&temp, &target));
                if written.is_err() {
                    let _ = std::fs::remove_file(&temp);
                }
                written
            })
            .await?
            .map_err(Into::into);
        }
        self.store.put(&Key::from(key), bytes.into()).await?;
        Ok(())
    }

    /// The stored size of `key`, or `None` when nothing is stored there.
    pub async fn size(&self, key: &str) -> anyhow::Result<Option<u64>> {
        match self.store.head(&Key::from(key)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Every key under `prefix`, with when it was last written.
    pub async fn list(&self, prefix: &str) -> anyhow::Result<Vec<(String, chrono::DateTime<chrono::Utc>)>> {
        let mut out = Vec::new();
        let mut listing = self.store.list(Some(&Key::from(prefix)));
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            out.push((meta.location.to_string(), meta.last_modified));
        }
        Ok(out)
    }

    pub async fn exists(&self, key: &str) -> anyhow::Result<bool> {
        match self.store.head(&Key::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Streams the whole file, or the byte range asked for.
    pub async fn get(&self, key: &str, range: Option<Range<u64>>) -> anyhow::Result<Download> {
        let options = GetOptions { range: range.map(GetRange::Bounded), ..Default::default() };
        let result = self.store.get_opts(&Key::from(key), options).await?;
        let size = result.meta.size;
        let range = result.range.clone();
        let stream = result.into_stream().map_err(std::io::Error::other).boxed();
        Ok(Download { size, range, stream })
    }

    /// Copies a stored file to a local path (for ffmpeg and pdftoppm).
    pub async fn fetch_to(&self, key: &str, path: &Path) -> anyhow::Result<()> {
        use tokio::io::AsyncWriteExt;
        let mut download = self.get(key, None).await?;
        let mut out = tokio::fs::File::create(path).await?;
        while let Some(chunk) = download.stream.next().await {
            out.write_all(&chunk?).await?;
        }
        out.flush().await?;
        Ok(())
    }

    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        self.store.delete(&Key::from(key)).await?;
        Ok(())
    }
}

/// Where `key` lives in a local folder, and a temporary name beside it.
fn local_paths(root: &Path, key: &str) -> anyhow::Result<(PathBuf, PathBuf)> {
    if key.split('/').any(|part| part.is_empty() || part == "." || part == ".." || part.starts_with('#')) {
        anyhow::bail!("bad storage key {key:?}");
    }
    let target = root.join(key);
    let parent = target.parent().expect("a key has a folder");
    std::fs::create_dir_all(parent)?;
    // object_store's local listing skips names with '#', so the half-written
    // copy is never mistaken for an object.
    let temp = parent.join(format!("#{:016x}.part", rand::random::<u64>()));
    Ok((target, temp))
}

/// Syncs `temp`, renames it to `target` and syncs the folder, so the rename
/// itself survives a power cut.
pub fn durable_rename(temp: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::File::open(temp)?.sync_all()?;
    std::fs::rename(temp, target)?;
    if let Some(parent) = target.parent() {
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}
