/** Hands a fetched file to the browser's download, as a link with `download` would (which cannot send the API key). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has taken the blob by the next task; the URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
