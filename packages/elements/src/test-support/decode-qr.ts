import jsQR from 'jsqr';

/**
 * Reads a rendered QR code as a camera would: the SVG as laid out (its computed colours and size
 * copied onto a standalone clone) becomes an image, the image is painted into a canvas, and jsQR
 * decodes the pixels. Resolves the decoded text, or null when no QR code is found.
 */
export async function decodeRenderedQr(svgElement: SVGSVGElement): Promise<string | null> {
  const { width, height } = svgElement.getBoundingClientRect();
  const clone = svgElement.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const originals = svgElement.querySelectorAll('rect, path');
  clone.querySelectorAll('rect, path').forEach((shape, index) => {
    const original = originals[index];
    if (original) shape.setAttribute('fill', getComputedStyle(original).fill);
  });
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width);
  canvas.height = Math.round(height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d context');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null;
}
