// Saves bytes or text as a file through a temporary object URL; nothing leaves the device.
export function download(data: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; the URL is no longer needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "holiday/IMG_1.JPG" -> "IMG_1-geotagged.jpg" */
export function geotaggedName(path: string): string {
  const name = path.split('/').pop() || 'photo.jpg';
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}-geotagged.jpg`;
}
