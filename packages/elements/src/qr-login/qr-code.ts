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
 * One byte-mode segment: the payload is a URL (lower-case letters, so never alphanumeric mode as
 * a whole), and qrcode's search for the shortest mix of modes cost more than half of each
 * encoding (a shortest-path search over the text, every second) for the same symbol.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  return { size, dark: (row, column) => data[row * size + column] === 1 };
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

/** What the SVG needs of one payload: its extent in modules, quiet zone included, and the path. */
export interface QrDrawing {
  readonly text: string;
  readonly extent: number;
  readonly d: string;
}

/** The last payload drawn: the element re-renders for its countdown too, and a payload is encoded once. */
let last: QrDrawing | undefined;

/** The drawing of `text`, encoded only when `text` is not the one drawn last. */
export function qrDrawing(text: string): QrDrawing {
  if (last?.text !== text) {
    const matrix = qrMatrix(text);
    last = { text, extent: matrix.size + 2 * QUIET_ZONE, d: qrPathData(matrix) };
  }
  return last;
}

/**
 * The QR code of `text` as an SVG image named `label`. The SVG scales to whatever box the styles
 * give it; `crispEdges` keeps module edges sharp at any size. A new payload changes the path's
 * `d` (and the `viewBox` if the version changes), nothing else.
 */
export function qrSvg(text: string, label: string): TemplateResult {
  const { extent, d } = qrDrawing(text);
  return html`<svg
    part="qr"
    class="qr"
    role="img"
    aria-label=${label}
    viewBox="0 0 ${extent} ${extent}"
    shape-rendering="crispEdges"
    >${svg`<rect class="qr-background" width=${extent} height=${extent}></rect><path class="qr-modules" d=${d}></path>`}</svg
  >`;
}
