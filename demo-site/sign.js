// The "Sign a document" page's script: its own strings, the document to sign (the sample tenancy
// agreement, or a PDF or text file the visitor picks, which never leaves the browser), and the
// verified result after `iams-signed`. The signing itself, with its errors and retries, happens
// in `<iams-sign-dialog>`. The language switcher is shared with the other pages (site.js).
// Everything from the file or the signature is set with textContent.
import { startLanguage } from './site.js';

const STRINGS = {
  en: {
    title: 'Sign a document – Harbourside Public Library',
    heading: 'Sign a document',
    lead: 'Sign documents online with iAM Smart digital signing. Try it with the sample tenancy agreement, or with a file of your own.',
    documentTitle: 'Document to sign',
    documentNameLabel: 'Name',
    documentSizeLabel: 'Size',
    loading: 'Loading…',
    viewSample: 'Read the sample tenancy agreement (PDF)',
    useSample: 'Sign the sample agreement instead',
    chooseFile: 'Or choose a file of your own (PDF or text)',
    fileHelp: 'Your file is not uploaded: this page computes its SHA-256 hash in your browser, and only the hash is signed.',
    wrongType: '{name} is not a PDF or text file. Choose a PDF or text file.',
    sampleFailed: 'The sample agreement could not be loaded. Reload the page, or choose a file of your own.',
    documentChosen: 'Document to sign: {name}, {size}.',
    safetyTitle: 'Before you approve',
    tip1: 'Check that the iAM Smart app shows the same document name and fingerprint as the signing window on this page.',
    tip2: 'Check the website name and address that iAM Smart shows you.',
    tip3: 'Tap the identification code shown on this page. Never tap one that someone reads out or sends to you.',
    tip4: 'Only approve a signing that you started on this page just now: a digital signature can bind you as a handwritten one does.',
    resultTitle: 'Signed and verified',
    resultLead: 'Before showing it here, this website checked the signature with the signer\'s certificate, and that certificate up to the iAM Smart signing root the website trusts.',
    signerLabel: 'Signed by',
    signedAtLabel: 'Signed at',
    hongKongTime: '{time} (Hong Kong time)',
    resultDocumentLabel: 'Document',
    hashLabel: 'Document SHA-256 (base64)',
    fingerprintLabel: 'Fingerprint',
    signatureLabel: 'Signature (base64)',
    algorithmLabel: 'Algorithm',
    certificateTitle: 'Signer\'s certificate',
    subjectLabel: 'Subject',
    issuerLabel: 'Issuer',
    serialLabel: 'Serial number',
    validFromLabel: 'Valid from',
    validUntilLabel: 'Valid until',
    certificateFingerprintLabel: 'Certificate SHA-256 fingerprint',
    downloadSignature: 'Download the signature (JSON)',
    signedAnnouncement: 'Signed and verified: {name}. The details are on this page below the signing button.',
  },
  'zh-HK': {
    title: '簽署文件 – 海濱公共圖書館',
    heading: '簽署文件',
    lead: '以「智方便」數碼簽署在網上簽署文件。你可試用租約範本，或使用你自己的檔案。',
    documentTitle: '要簽署的文件',
    documentNameLabel: '名稱',
    documentSizeLabel: '大小',
    loading: '載入中…',
    viewSample: '閱讀租約範本（PDF）',
    useSample: '改為簽署租約範本',
    chooseFile: '或選擇你自己的檔案（PDF 或文字檔）',
    fileHelp: '你的檔案不會上載：此頁面會在你的瀏覽器內計算檔案的 SHA-256 雜湊值，只有雜湊值會被簽署。',
    wrongType: '「{name}」並非 PDF 或文字檔。請選擇 PDF 或文字檔。',
    sampleFailed: '未能載入租約範本。請重新載入頁面，或選擇你自己的檔案。',
    documentChosen: '要簽署的文件：{name}，{size}。',
    safetyTitle: '批准前請注意',
    tip1: '核對「智方便」顯示的文件名稱及文件指紋與本頁簽署視窗所顯示的相同。',
    tip2: '核對「智方便」顯示的網站名稱及網址。',
    tip3: '點按本頁顯示的識別碼。切勿點按別人讀出或傳送給你的識別碼。',
    tip4: '只批准你剛剛在本頁開始的簽署：數碼簽署與親筆簽署一樣，可對你具約束力。',
    resultTitle: '已簽署並核實',
    resultLead: '本網站在此顯示簽署前，已用簽署人的證書核實簽署，並核實該證書可追溯至本網站信任的「智方便」簽署根證書。',
    signerLabel: '簽署人',
    signedAtLabel: '簽署時間',
    hongKongTime: '{time}（香港時間）',
    resultDocumentLabel: '文件',
    hashLabel: '文件 SHA-256 雜湊值（Base64）',
    fingerprintLabel: '文件指紋',
    signatureLabel: '數碼簽署（Base64）',
    algorithmLabel: '演算法',
    certificateTitle: '簽署人的證書',
    subjectLabel: '主體',
    issuerLabel: '簽發者',
    serialLabel: '序號',
    validFromLabel: '有效期由',
    validUntilLabel: '有效期至',
    certificateFingerprintLabel: '證書 SHA-256 指紋',
    downloadSignature: '下載數碼簽署（JSON 檔案）',
    signedAnnouncement: '已簽署並核實：{name}。詳情在本頁簽署按鈕下方。',
  },
  'zh-CN': {
    title: '签署文件 – 海滨公共图书馆',
    heading: '签署文件',
    lead: '以「智方便」数码签署在网上签署文件。你可试用租约范本，或使用你自己的文件。',
    documentTitle: '要签署的文件',
    documentNameLabel: '名称',
    documentSizeLabel: '大小',
    loading: '加载中…',
    viewSample: '阅读租约范本（PDF）',
    useSample: '改为签署租约范本',
    chooseFile: '或选择你自己的文件（PDF 或文本文件）',
    fileHelp: '你的文件不会上传：此页面会在你的浏览器内计算文件的 SHA-256 哈希值，只有哈希值会被签署。',
    wrongType: '「{name}」并非 PDF 或文本文件。请选择 PDF 或文本文件。',
    sampleFailed: '未能加载租约范本。请重新加载页面，或选择你自己的文件。',
    documentChosen: '要签署的文件：{name}，{size}。',
    safetyTitle: '批准前请注意',
    tip1: '核对「智方便」显示的文件名称及文件指纹与本页签署窗口所显示的相同。',
    tip2: '核对「智方便」显示的网站名称及网址。',
    tip3: '点按本页显示的识别码。切勿点按别人读出或发送给你的识别码。',
    tip4: '只批准你刚刚在本页开始的签署：数码签署与亲笔签署一样，可对你具约束力。',
    resultTitle: '已签署并核实',
    resultLead: '本网站在此显示签署前，已用签署人的证书核实签署，并核实该证书可追溯至本网站信任的「智方便」签署根证书。',
    signerLabel: '签署人',
    signedAtLabel: '签署时间',
    hongKongTime: '{time}（香港时间）',
    resultDocumentLabel: '文件',
    hashLabel: '文件 SHA-256 哈希值（Base64）',
    fingerprintLabel: '文件指纹',
    signatureLabel: '数码签署（Base64）',
    algorithmLabel: '算法',
    certificateTitle: '签署人的证书',
    subjectLabel: '主体',
    issuerLabel: '签发者',
    serialLabel: '序列号',
    validFromLabel: '有效期由',
    validUntilLabel: '有效期至',
    certificateFingerprintLabel: '证书 SHA-256 指纹',
    downloadSignature: '下载数码签署（JSON 文件）',
    signedAnnouncement: '已签署并核实：{name}。详情在本页签署按钮下方。',
  },
};

const SAMPLE = { url: '/assets/sample-tenancy-agreement.pdf', name: 'Sample tenancy agreement.pdf' };
const ALGORITHMS = { '1.2.840.113549.1.1.11': 'SHA256withRSA' };
/** What the file picker takes, by MIME type or, when the system gives none, by extension. */
const ACCEPTED_TYPES = ['application/pdf', 'text/plain'];
const ACCEPTED_NAME = /\.(pdf|txt)$/i;

const $ = (id) => document.getElementById(id);
const dialog = $('sign-dialog');
const fileInput = $('document-file');
const result = $('signing-result');
const download = $('download-signature');
const field = (name) => result.querySelector(`[data-field="${name}"]`);

/**
 * The document on offer (no blob while the sample loads, or when it could not be loaded: `failed`;
 * `own`: the visitor's file) and the last verified result.
 */
let chosen = { name: SAMPLE.name, blob: undefined, own: false, failed: false };
let signed;
let downloadUrl;
let t;
/** Counts the visitor's choices, so a sample still loading never replaces a file picked meanwhile. */
let choices = 0;

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, key) => values[key] ?? whole);

/** A size in the page's language, in decimal units as file managers show them: "4.4 kB". */
function formatSize(bytes) {
  const lang = document.documentElement.lang;
  const [unit, value] = bytes >= 1e6 ? ['megabyte', bytes / 1e6] : bytes >= 1e3 ? ['kilobyte', bytes / 1e3] : ['byte', bytes];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** A time in Hong Kong, where the signing happens, whatever the computer's own time zone. */
function formatTime(iso, withTime) {
  const options = withTime ? { dateStyle: 'long', timeStyle: 'medium' } : { dateStyle: 'long' };
  const text = new Intl.DateTimeFormat(document.documentElement.lang, { ...options, timeZone: 'Asia/Hong_Kong' }).format(new Date(iso));
  return withTime ? fill(t('hongKongTime'), { time: text }) : text;
}

/** The short fingerprint the app and the signing dialog show: the hash's first 8 bytes, hex in groups of four. */
function fingerprintOf(base64Hash) {
  const bytes = Uint8Array.from(atob(base64Hash).slice(0, 8), (char) => char.charCodeAt(0));
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('').toUpperCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}

function showDocument() {
  $('document-name').textContent = chosen.name;
  $('document-size').textContent = chosen.blob ? formatSize(chosen.blob.size) : chosen.failed ? '–' : t('loading');
  $('use-sample').hidden = !chosen.own;
}

function setTime(name, iso, withTime) {
  const node = field(name);
  node.dateTime = iso;
  node.textContent = formatTime(iso, withTime);
}

function showResult() {
  if (!signed) return;
  const { certificate } = signed;
  field('signer').textContent = signed.signer;
  setTime('signedAt', signed.signedAt, true);
  field('documentName').textContent = signed.documentName;
  field('hash').textContent = signed.hash;
  field('fingerprint').textContent = fingerprintOf(signed.hash);
  field('signature').textContent = signed.signature;
  field('algorithm').textContent = ALGORITHMS[signed.algorithm] ? `${ALGORITHMS[signed.algorithm]} (${signed.algorithm})` : signed.algorithm;
  field('subject').textContent = certificate.subject;
  field('issuer').textContent = certificate.issuer;
  field('serialNumber').textContent = certificate.serialNumber;
  setTime('notBefore', certificate.notBefore, false);
  setTime('notAfter', certificate.notAfter, false);
  field('certificateFingerprint').textContent = certificate.fingerprintSha256;
}

/** Drops the shown result: it belonged to another document. */
function clearResult() {
  signed = undefined;
  result.hidden = true;
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = undefined;
  download.removeAttribute('href');
}

function showError(message) {
  $('document-error').textContent = message;
}

/**
 * Offers `blob` for signing under `name`, announced when the visitor chose it. The attribute is
 * safe to set at once; the property waits for the element's definition, as a property set before
 * it would hide the element's own.
 */
function offer(blob, name, { own, announce }) {
  chosen = { name, blob, own, failed: false };
  showDocument();
  showError('');
  clearResult();
  dialog.setAttribute('document-name', name);
  customElements.whenDefined('iams-sign-dialog').then(() => {
    // A later choice may have replaced this one while the kit loaded.
    if (chosen.blob === blob) dialog.document = blob;
  });
  if (announce) $('status').textContent = fill(t('documentChosen'), { name, size: formatSize(blob.size) });
}

async function offerSample({ announce }) {
  const choice = choices;
  try {
    const response = await fetch(SAMPLE.url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    if (choice === choices) offer(blob, SAMPLE.name, { own: false, announce });
  } catch (error) {
    if (choice !== choices) return;
    console.warn('The sample agreement could not be loaded:', error);
    // Whatever was on offer stays; with nothing on offer the dialog reports a missing document.
    if (!chosen.blob) chosen.failed = true;
    showDocument();
    showError(t('sampleFailed'));
  }
}

startLanguage({
  strings: STRINGS,
  onChange: (translate) => {
    t = translate;
    showDocument();
    showResult();
  },
});

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (!file) return;
  if (!ACCEPTED_TYPES.includes(file.type) && !(file.type === '' && ACCEPTED_NAME.test(file.name))) {
    // The previous document stays on offer; nothing is half-changed.
    fileInput.value = '';
    showError(fill(t('wrongType'), { name: file.name }));
    return;
  }
  choices += 1;
  offer(file, file.name, { own: true, announce: true });
});

$('use-sample').addEventListener('click', async () => {
  fileInput.value = '';
  choices += 1;
  await offerSample({ announce: true });
  // The button hides itself; reading goes on from the document's heading.
  $('document-title').focus();
});

document.addEventListener('iams-signed', (event) => {
  clearResult();
  signed = event.detail;
  showResult();
  downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(signed, null, 2)], { type: 'application/json' }));
  download.href = downloadUrl;
  download.download = `${signed.documentName}.signature.json`;
  result.hidden = false;
  $('status').textContent = fill(t('signedAnnouncement'), { name: signed.documentName });
});

void offerSample({ announce: false });
