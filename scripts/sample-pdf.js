// Writes the demo site's sample tenancy agreement (demo-site/assets/sample-tenancy-agreement.pdf):
// a one-page PDF 1.4 with real, selectable text in the standard Helvetica fonts (nothing embedded),
// its cross-reference table computed from the bytes written. The output has no date or random ID,
// so the file, and so its SHA-256, is the same on every run; e2e/demo-site-server.test.js checks
// that the shipped file is exactly what this script writes.
//   node scripts/sample-pdf.js            writes the file
//   node scripts/sample-pdf.js --check    exits 1 when the shipped file differs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLE_PDF = fileURLToPath(new URL('../demo-site/assets/sample-tenancy-agreement.pdf', import.meta.url));

/** The agreement: headings (bold) and paragraphs, numbered as a Hong Kong residential tenancy usually is. */
const AGREEMENT = [
  ['title', 'TENANCY AGREEMENT (SAMPLE)'],
  ['note', 'A sample document for the iAM Smart Web Kit demo site. The parties and the premises are fictional; this is not a real agreement and not legal advice.'],
  ['heading', '1. Parties'],
  ['text', 'Landlord: Harbour View Properties Limited, 18/F, Sandbox Tower, 1 Example Road, Central, Hong Kong.'],
  ['text', 'Tenant: the person who signs this agreement with iAM Smart digital signing, as named in the signing certificate.'],
  ['heading', '2. Premises'],
  ['text', 'Flat C, 12/F, Block 3, Sandbox Garden, 8 Demo Street, Sha Tin, New Territories (the "Premises"), with the fixtures and furniture listed in the inventory.'],
  ['heading', '3. Term'],
  ['text', 'Two years, beginning on the first day of the month after this agreement is signed.'],
  ['heading', '4. Rent and deposit'],
  ['text', 'The rent is HK$16,800 a month, payable in advance on the first day of each month. The Tenant pays a deposit of HK$33,600 (two months\' rent) on signing. The Landlord returns it without interest within 30 days after the tenancy ends, less any lawful deductions.'],
  ['heading', '5. Outgoings'],
  ['text', 'The Landlord pays the Government rates, Government rent and management fees. The Tenant pays for electricity, water, gas, telephone and internet.'],
  ['heading', '6. Use of the Premises'],
  ['text', 'The Tenant uses the Premises as a private residence only, and does not sublet or share possession of them without the Landlord\'s written consent.'],
  ['heading', '7. Repairs'],
  ['text', 'The Tenant keeps the interior of the Premises in good and clean condition, fair wear and tear excepted. The Landlord keeps the structure, the exterior and the main pipes and drains in repair.'],
  ['heading', '8. Ending the tenancy early'],
  ['text', 'After the first 12 months, either party may end the tenancy by giving the other at least two months\' notice in writing, or by paying two months\' rent instead of notice.'],
  ['heading', '9. Stamp duty'],
  ['text', 'The Landlord and the Tenant share the stamp duty on this agreement equally.'],
  ['heading', '10. Governing law'],
  ['text', 'This agreement is governed by the laws of the Hong Kong Special Administrative Region.'],
  ['heading', 'Signature'],
  ['text', 'The Tenant signs this agreement electronically with iAM Smart digital signing. The signature covers the SHA-256 hash of this file, so changing any byte of the file makes the signature invalid. In this demo the signature comes from the iAM Smart sandbox and has no legal effect.'],
];

const PAGE = { width: 595, height: 842, margin: 56 }; // A4 in points
const STYLES = {
  title: { font: 'F2', size: 16, leading: 22, chars: 60, before: 0 },
  note: { font: 'F3', size: 9, leading: 12, chars: 95, before: 4 },
  heading: { font: 'F2', size: 11, leading: 15, chars: 75, before: 10 },
  text: { font: 'F1', size: 10, leading: 13.5, chars: 86, before: 2 },
};

/** Splits a paragraph into lines of at most `chars` characters (Helvetica at these sizes stays inside the margins). */
function wrap(text, chars) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A PDF literal string: backslash and parentheses escaped (the text is ASCII). */
const literal = (text) => `(${text.replace(/[\\()]/g, (char) => `\\${char}`)})`;

function pageContent() {
  const operations = ['BT'];
  let y = PAGE.height - PAGE.margin;
  for (const [kind, text] of AGREEMENT) {
    const style = STYLES[kind];
    y -= style.before;
    operations.push(`/${style.font} ${style.size} Tf`);
    for (const line of wrap(text, style.chars)) {
      y -= style.leading;
      if (y < PAGE.margin) throw new Error('The sample agreement no longer fits on one page');
      operations.push(`1 0 0 1 ${PAGE.margin} ${y.toFixed(1)} Tm ${literal(line)} Tj`);
    }
  }
  operations.push('ET');
  return `${operations.join('\n')}\n`;
}

/** The PDF's bytes. */
export function samplePdf() {
  const content = pageContent();
  const font = (name) => `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    font('Helvetica'),
    font('Helvetica-Bold'),
    font('Helvetica-Oblique'),
    `<< /Title ${literal('Tenancy agreement (sample)')} /Author ${literal('Harbourside Public Library demo site')} /Producer ${literal('iAM Smart Web Kit scripts/sample-pdf.js')} >>`,
  ];
  // The binary comment line tells tools the file is binary, as the PDF specification advises.
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets = objects.map((body, index) => {
    const offset = Buffer.byteLength(pdf, 'latin1');
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  // Every entry is exactly 20 bytes: offset (10 digits), generation (5), type, and a two-byte end of line (space, LF).
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = samplePdf();
  if (process.argv.includes('--check')) {
    let shipped;
    try {
      shipped = readFileSync(SAMPLE_PDF);
    } catch {
      shipped = Buffer.alloc(0);
    }
    if (!shipped.equals(bytes)) {
      console.error(`${SAMPLE_PDF} is not what scripts/sample-pdf.js writes: run \`node scripts/sample-pdf.js\`.`);
      process.exit(1);
    }
    console.log(`${SAMPLE_PDF} is up to date (${bytes.length} bytes).`);
  } else {
    writeFileSync(SAMPLE_PDF, bytes);
    console.log(`Wrote ${SAMPLE_PDF} (${bytes.length} bytes).`);
  }
}
