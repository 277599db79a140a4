//! Files through `object_store`: a local directory by default, any
//! S3-compatible store when configured. Files go in and out as streams, in
//! parts, never whole in memory.

use std::ops::Range;
use std::path::Path;
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
        Ok(Storage { store: Arc::new(store), description: format!("local folder {}", dir.display()) })
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
        Ok(Storage { store: Arc::new(builder.build()?), description: format!("S3 bucket {bucket}") })
    }

    /// Copies a local file into the store under `key`, part by part.
    pub async fn put_file(&self, key: &str, file: &Path) -> anyhow::Result<()> {
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
        self.store.put(&Key::from(key), bytes.into()).await?;
        Ok(())
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
