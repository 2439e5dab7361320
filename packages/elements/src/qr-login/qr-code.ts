import QRCode from 'qrcode';
import { html, svg, type TemplateResult } from 'lit';

/** Light modules around the code that scanners need to find it (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE = 4;

/** A QR code's modules: `size` × `size`, `dark(row, column)`. */
export interface QrMatrix {
  size: number;
  dark(row: number, column: number): boolean;
}

/**
 * Encodes `text` with error correction level M (15 % of the symbol may be lost). A screen shows
 * the code without the print damage that Q or H are for; M keeps the symbol a version or two
 * smaller, so each module is larger at the same size on screen and scans from further away.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}

/**
 * One path for every dark module, a rectangle per horizontal run, in module units offset by the
 * quiet zone: one element whatever the version, and no hairline seams between modules.
 */
export function qrPathData(matrix: QrMatrix): string {
  const commands: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let column = 0;
    while (column < matrix.size) {
      if (!matrix.dark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < matrix.size && matrix.dark(row, column)) column++;
      commands.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${column - start}v1h${start - column}z`);
    }
  }
  return commands.join('');
}

/**
 * The QR code of `text` as an SVG image named `label`. The SVG scales to whatever box the styles
 * give it; `crispEdges` keeps module edges sharp at any size.
 */
export function qrSvg(text: string, label: string): TemplateResult {
  const matrix = qrMatrix(text);
  const extent = matrix.size + 2 * QUIET_ZONE;
  return html`<svg
    part="qr"
    class="qr"
    role="img"
    aria-label=${label}
    viewBox="0 0 ${extent} ${extent}"
    shape-rendering="crispEdges"
    >${svg`<rect class="qr-background" width=${extent} height=${extent}></rect><path class="qr-modules" d=${qrPathData(matrix)}></path>`}</svg
  >`;
}
