//! Derived files for a stored blob, made by the `media.process` job: a
//! thumbnail for images, PDFs (first page, `pdftoppm`) and videos (a frame,
//! `ffmpeg`); low-bandwidth renditions of video (240p and 360p H.264/AAC)
//! and audio (mono AAC); duration and page count. Every outside program
//! runs with a time limit, on a copy in a temporary folder.

use std::path::Path;
use std::time::Duration;

use image::imageops::FilterType;
use tokio::process::Command;

use super::store;
use super::{MediaKind, RenditionKind};
use crate::ids::BlobId;
use crate::state::AppState;

const THUMB_WIDTH: u32 = 360;
const PRLIMIT: &str = "/usr/bin/prlimit";
const PROBE_LIMIT: Duration = Duration::from_secs(60);
const TRANSCODE_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Address space an outside program may map: enough for a 360p x264 encode
/// or a poster-sized PDF page, not enough to take the machine down.
const MEMORY_LIMIT: u64 = 3 * 1024 * 1024 * 1024;

/// Runs an outside program on an untrusted file: local files only (no
/// network, no other protocols), at most `limit` of wall time, twice that
/// of CPU time (two cores), and [`MEMORY_LIMIT`] of address space (through
/// util-linux `prlimit` where it is installed).
pub(super) async fn run_tool(limit: Duration, program: &str, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let mut full: Vec<String> = Vec::new();
    if matches!(program, "ffmpeg" | "ffprobe") {
        full.extend(["-protocol_whitelist".into(), "file".into()]);
    }
    full.extend(args.iter().map(|a| (*a).to_owned()));
    let mut command = if std::path::Path::new(PRLIMIT).exists() {
        let mut c = Command::new(PRLIMIT);
        c.arg(format!("--cpu={}", limit.as_secs() * 2)).arg(format!("--as={MEMORY_LIMIT}")).arg("--").arg(program);
        c
    } else {
        Command::new(program)
    };
    let child = command.args(&full).kill_on_drop(true).stdin(std::process::Stdio::null()).output();
    let out = tokio::time::timeout(limit, child)
        .await
        .map_err(|_| anyhow::anyhow!("{program} took longer than {} s", limit.as_secs()))?
        .map_err(|e| anyhow::anyhow!("cannot run {program}: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: String = err.chars().rev().take(600).collect::<Vec<_>>().into_iter().rev().collect();
        anyhow::bail!("{program} failed ({}): {tail}", out.status);
    }
    Ok(out.stdout)
}

/// A JPEG thumbnail THUMB_WIDTH wide from any image file.
fn thumbnail_from_image(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut reader = image::ImageReader::open(path)?.with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode()?;
    let height = (img.height() as f64 * THUMB_WIDTH as f64 / img.width().max(1) as f64).round().max(1.0) as u32;
    let thumb = img.resize_exact(THUMB_WIDTH, height, FilterType::Triangle).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75).encode_image(&thumb)?;
    Ok(out)
}

async fn save(
    state: &AppState,
    blob_id: BlobId,
    sha: &str,
    kind: RenditionKind,
    mime: &str,
    ext: &str,
    file: &Path,
) -> anyhow::Result<()> {
    let key = format!("renditions/{}/{sha}/{kind}.{ext}", &sha[..2]);
    let size = tokio::fs::metadata(file).await?.len();
    state.storage.put_file(&key, file).await?;
    store::save_rendition(&state.db, blob_id, kind, mime, &key, size).await?;
    Ok(())
}

async fn save_thumbnail(
    state: &AppState,
    blob_id: BlobId,
    sha: &str,
    work: &Path,
    source_image: &Path,
) -> anyhow::Result<()> {
    let source = source_image.to_owned();
    let jpeg = tokio::task::spawn_blocking(move || thumbnail_from_image(&source)).await??;
    let path = work.join("thumbnail.jpg");
    tokio::fs::write(&path, jpeg).await?;
    save(state, blob_id, sha, RenditionKind::Thumbnail, "image/jpeg", "jpg", &path).await
}

async fn duration_of(path: &str) -> anyhow::Result<Option<f64>> {
    let out = run_tool(PROBE_LIMIT, "ffprobe", &["-v", "error", "-print_format", "json", "-show_format", path]).await?;
    let probe: serde_json::Value = serde_json::from_slice(&out)?;
    Ok(probe["format"]["duration"].as_str().and_then(|d| d.parse().ok()))
}

/// H.264/AAC at `height` lines, about `video_kbps` + `audio_kbps`, playable
/// while downloading (faststart).
async fn transcode(input: &str, output: &str, height: u32, video_kbps: u32, audio_kbps: u32) -> anyhow::Result<()> {
    let scale = format!("scale=-2:'min({height},ih)'");
    let (v, max, buf, a) = (
        format!("{video_kbps}k"),
        format!("{}k", video_kbps * 5 / 4),
        format!("{}k", video_kbps * 2),
        format!("{audio_kbps}k"),
    );
    run_tool(
        TRANSCODE_LIMIT,
        "ffmpeg",
        &[
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-i",
            input,
            "-vf",
            &scale,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-profile:v",
            "baseline",
            "-pix_fmt",
            "yuv420p",
            "-b:v",
            &v,
            "-maxrate",
            &max,
            "-bufsize",
            &buf,
            "-c:a",
            "aac",
            "-b:a",
            &a,
            "-ac",
            "1",
            "-movflags",
            "+faststart",
            output,
        ],
    )
    .await?;
    Ok(())
}

pub async fn run(state: &AppState, payload: &serde_json::Value) -> anyhow::Result<()> {
    let blob_id = BlobId(payload["blob_id"].as_i64().ok_or_else(|| anyhow::anyhow!("payload without blob_id"))?);
    let Some(blob) = store::blob(&state.db, blob_id).await? else {
        return Ok(());
    };
    let kind = blob.kind;
    if kind == MediaKind::Link {
        return Ok(());
    }
    let work = tempfile::Builder::new().prefix("batayon-job-").tempdir()?;
    let original = work.path().join("original");
    state.storage.fetch_to(&blob.storage_key, &original).await?;
    let input = original.to_str().ok_or_else(|| anyhow::anyhow!("temporary path is not UTF-8"))?.to_owned();
    let job = Job { state, blob_id, sha: &blob.sha256, work: work.path(), input: &input };
    match kind {
        MediaKind::Image => save_thumbnail(state, blob_id, job.sha, job.work, &original).await?,
        MediaKind::Pdf => job.pdf().await?,
        MediaKind::Video => job.video().await?,
        MediaKind::Audio => job.audio().await?,
        MediaKind::Slides | MediaKind::Document | MediaKind::Link => {}
    }
    // The words inside, for search; a file whose text cannot be read is
    // still a good file (a scanned PDF has none).
    match super::text::extract(kind, &original).await {
        Ok(Some(text)) => {
            super::text::save(&state.db, blob_id, &text).await?;
            super::likeness::save(&state.db, blob_id, &text).await?;
            crate::jobs::search_file_later(&state.db, blob_id).await?;
        }
        Ok(None) => {}
        Err(e) => tracing::info!(blob = %blob_id, error = %format!("{e:#}"), "no text read from a file"),
    }
    Ok(())
}

/// One stored file being turned into its lighter versions.
struct Job<'a> {
    state: &'a AppState,
    blob_id: BlobId,
    sha: &'a str,
    work: &'a Path,
    /// The original, fetched into `work`.
    input: &'a str,
}

impl Job<'_> {
    /// A PDF: its page count, its first page as a picture and a thumbnail.
    async fn pdf(&self) -> anyhow::Result<()> {
        let info = run_tool(PROBE_LIMIT, "pdfinfo", &[self.input]).await?;
        let pages = String::from_utf8_lossy(&info)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse::<i32>().ok()));
        store::set_blob_facts(&self.state.db, self.blob_id, None, pages).await?;
        let prefix = self.work.join("page");
        let prefix = prefix.to_str().unwrap_or("page");
        run_tool(
            PROBE_LIMIT * 2,
            "pdftoppm",
            &["-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to", "600", self.input, prefix],
        )
        .await?;
        let page = self.work.join("page.png");
        save(self.state, self.blob_id, self.sha, RenditionKind::FirstPage, "image/png", "png", &page).await?;
        save_thumbnail(self.state, self.blob_id, self.sha, self.work, &page).await
    }

    /// A video: its length, a thumbnail from an early frame, 240p and 360p versions.
    async fn video(&self) -> anyhow::Result<()> {
        let duration = duration_of(self.input).await?;
        store::set_blob_facts(&self.state.db, self.blob_id, duration, None).await?;
        let at = format!("{:.2}", duration.map_or(0.0, |d| (d * 0.1).min(5.0)));
        let frame = self.work.join("frame.jpg");
        let frame_path = frame.to_str().unwrap_or("frame.jpg");
        run_tool(
            PROBE_LIMIT * 2,
            "ffmpeg",
            &["-nostdin", "-y", "-v", "error", "-ss", &at, "-i", self.input, "-frames:v", "1", frame_path],
        )
        .await?;
        save_thumbnail(self.state, self.blob_id, self.sha, self.work, &frame).await?;
        for (name, height, video, audio) in
            [(RenditionKind::Video240p, 240, 250, 48), (RenditionKind::Video360p, 360, 400, 64)]
        {
            let out = self.work.join(format!("{name}.mp4"));
            transcode(self.input, out.to_str().unwrap_or("out.mp4"), height, video, audio).await?;
            save(self.state, self.blob_id, self.sha, name, "video/mp4", "mp4", &out).await?;
        }
        Ok(())
    }

    /// An audio: its length and a small mono AAC version.
    async fn audio(&self) -> anyhow::Result<()> {
        let duration = duration_of(self.input).await?;
        store::set_blob_facts(&self.state.db, self.blob_id, duration, None).await?;
        let out = self.work.join("audio.m4a");
        let out_path = out.to_str().unwrap_or("audio.m4a");
        let args = [
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-i",
            self.input,
            "-vn",
            "-ac",
            "1",
            "-c:a",
            "aac",
            "-b:a",
            "48k",
            "-movflags",
            "+faststart",
            out_path,
        ];
        run_tool(TRANSCODE_LIMIT, "ffmpeg", &args).await?;
        save(self.state, self.blob_id, self.sha, RenditionKind::AudioAac, "audio/mp4", "m4a", &out).await
    }
}

/// What became of a voice note.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VoiceNote {
    /// Kept as a small mono AAC file; its length in seconds when known.
    Kept(Option<f64>),
    /// Longer than allowed: refused before (or while) it was transcoded.
    TooLong,
}

/// A short voice note (a practice reflection) as a small mono AAC file
/// (24 kb/s, about 180 KB a minute), playable while downloading. Its length
/// is read first, so a long recording is refused before any transcoding;
/// one whose container states no length is cut one second past `max_secs`
/// and then measured, so a few megabytes of compressed silence never cost
/// hours of CPU. Fails when the file holds no sound ffmpeg can read.
pub async fn voice_note(input: &Path, output: &Path, max_secs: f64) -> anyhow::Result<VoiceNote> {
    let (input, output) = (
        input.to_str().ok_or_else(|| anyhow::anyhow!("path is not UTF-8"))?,
        output.to_str().ok_or_else(|| anyhow::anyhow!("path is not UTF-8"))?,
    );
    let declared = duration_of(input).await?;
    if declared.is_some_and(|d| d > max_secs) {
        return Ok(VoiceNote::TooLong);
    }
    let cut = format!("{}", max_secs.ceil() as u64 + 1);
    run_tool(
        PROBE_LIMIT * 2,
        "ffmpeg",
        &[
            "-nostdin",
            "-y",
            "-v",
            "error",
            "-threads",
            "1",
            "-i",
            input,
            "-t",
            &cut,
            "-vn",
            "-ac",
            "1",
            "-ar",
            "22050",
            "-c:a",
            "aac",
            "-b:a",
            "24k",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            output,
        ],
    )
    .await?;
    if declared.is_some() {
        return Ok(VoiceNote::Kept(declared));
    }
    let measured = duration_of(output).await?;
    Ok(if measured.is_some_and(|d| d > max_secs) { VoiceNote::TooLong } else { VoiceNote::Kept(measured) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A playlist that points outside the machine: the tools must not follow it.
    #[tokio::test]
    async fn media_tools_read_local_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let playlist = dir.path().join("lesson.m3u8");
        std::fs::write(
            &playlist,
            "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/segment.ts\n#EXT-X-ENDLIST\n",
        )
        .unwrap();
        let refused = duration_of(playlist.to_str().unwrap()).await.expect_err("a network input is refused");
        let message = format!("{refused:#}");
        // Our list is `file` alone (ffmpeg's own default for playlists also allows `crypto` and `data`).
        assert!(message.contains("not on whitelist 'file'!"), "refused by our protocol whitelist: {message}");
    }
}
