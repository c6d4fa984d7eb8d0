// The thumbnail scenario of the Lambda docs' S3 tutorial: for each uploaded image, decide where its thumbnail goes.
// The resizing itself (sharp + GetObject/PutObject) is left out so that the example runs with no AWS account.
const SUPPORTED = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp']);

export const handler = async (event) => {
  const width = Number(process.env.THUMBNAIL_WIDTH ?? 200);
  const records = event?.Records ?? [];
  if (records.length === 0) throw new Error('expected an S3 event with at least one record');
  const results = records.map((record) => {
    const bucket = record.s3.bucket.name;
    // S3 event keys are URL-encoded with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const type = key.match(/\.([^.]*)$/)?.[1]?.toLowerCase();
    if (!type || !SUPPORTED.has(type)) {
      console.warn(`skipping ${key}: unsupported image type ${type ?? '(none)'}`);
      return { key, skipped: true, reason: `unsupported image type: ${type ?? 'none'}` };
    }
    const thumbnail = { bucket: `${bucket}-resized`, key: `resized-${key}`, width };
    console.log(`thumbnail of s3://${bucket}/${key} -> s3://${thumbnail.bucket}/${thumbnail.key}`);
    return { key, size: record.s3.object.size, thumbnail };
  });
  return { processed: results.filter((r) => !r.skipped).length, results };
};
