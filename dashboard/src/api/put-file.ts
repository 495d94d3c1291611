/** The presigned PUT of one file, with upload progress (fetch has none for request bodies; XHR does). */
import type { PresignedUpload } from './types.ts';

export function putFile(target: PresignedUpload, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [k, v] of Object.entries(target.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? (onProgress(1), resolve()) : reject(new Error(`the storage refused the file (HTTP ${xhr.status})`)));
    xhr.onerror = () => reject(new Error('the upload could not reach the storage (network or CORS)'));
    xhr.send(file);
  });
}
