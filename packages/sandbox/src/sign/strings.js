/**
 * The sign flow's words: the documents to sign and how a sign request ends.
 * In English, Traditional Chinese (Hong Kong) and Simplified Chinese, in iAM Smart's own wording.
 */

export const en = {
  signTitle: 'Sign a document',
  signIntro: '{site} asks you to sign with iAM Smart digital signing. Check each document before you approve.',
  documentsHeading: 'Documents to sign',
  documentName: 'Document',
  untitledDocument: 'Untitled document',
  fingerprint: 'Fingerprint',
  fingerprintHelp: 'Check that this matches the fingerprint on the website.',
  signDecide: 'If you approve, {site} will receive your digital signature on the documents above.',
  signDecisionHelp: 'Only approve if you started this signing on {origin}.',
  signedTitle: 'Signed',
  signedHelp: 'You have signed for {site}. Return to the website: it continues by itself.',
  signDeclinedTitle: 'Signing declined',
  signDeclinedHelp: 'You declined, so nothing was signed. {site} is told that you did not sign. You can close this page.',
  signStoppedHelp: 'The identification code you chose is not the one the website shows, so this signing request was stopped and nothing was signed. If you were signing, start again on the website. If someone sent you this QR code or link, do not continue.',
  signExpiredTitle: 'This signing request has expired',
  signExpiredHelp: 'There was not enough time left, so nothing was signed. Start the signing again on the website.',
  signUsedTitle: 'This signing request has already been used',
  signUsedHelp: 'Each QR code and identification code works only once. If you still need to sign, start again on the website.',
};

/** @type {Record<keyof typeof en, string>} */
export const zhHK = {
  signTitle: '簽署文件',
  signIntro: '「{site}」要求你以「智方便」數碼簽署簽署文件。請先核對每份文件，然後才批准。',
  documentsHeading: '要簽署的文件',
  documentName: '文件',
  untitledDocument: '未命名文件',
  fingerprint: '文件指紋',
  fingerprintHelp: '請核對此指紋與網站顯示的指紋相符。',
  signDecide: '如你批准，「{site}」會收到你為以上文件作出的數碼簽署。',
  signDecisionHelp: '只在你於 {origin} 開始簽署時才批准。',
  signedTitle: '已簽署',
  signedHelp: '你已為「{site}」簽署。請返回該網站，網站會自動繼續。',
  signDeclinedTitle: '已拒絕數碼簽署',
  signDeclinedHelp: '你已拒絕，文件並未簽署。「{site}」會得知你沒有簽署。你可以關閉此頁面。',
  signStoppedHelp: '你選擇的識別碼與網站顯示的不同，因此此數碼簽署要求已停止，文件並未簽署。如你正在簽署，請在網站重新開始。如二維碼或連結是別人傳給你的，請不要繼續。',
  signExpiredTitle: '此數碼簽署要求已過期',
  signExpiredHelp: '剩餘時間不足，文件並未簽署。請在網站重新開始數碼簽署。',
  signUsedTitle: '此數碼簽署要求已被使用',
  signUsedHelp: '每個二維碼及識別碼只可使用一次。如仍需簽署，請在網站重新開始。',
};

/** @type {Record<keyof typeof en, string>} */
export const zhCN = {
  signTitle: '签署文件',
  signIntro: '「{site}」要求你以「智方便」数码签署签署文件。请先核对每份文件，然后才批准。',
  documentsHeading: '要签署的文件',
  documentName: '文件',
  untitledDocument: '未命名文件',
  fingerprint: '文件指纹',
  fingerprintHelp: '请核对此指纹与网站显示的指纹相符。',
  signDecide: '如你批准，「{site}」会收到你为以上文件作出的数码签署。',
  signDecisionHelp: '只在你于 {origin} 开始签署时才批准。',
  signedTitle: '已签署',
  signedHelp: '你已为「{site}」签署。请返回该网站，网站会自动继续。',
  signDeclinedTitle: '已拒绝数码签署',
  signDeclinedHelp: '你已拒绝，文件并未签署。「{site}」会得知你没有签署。你可以关闭此页面。',
  signStoppedHelp: '你选择的识别码与网站显示的不同，因此此数码签署请求已停止，文件并未签署。如你正在签署，请在网站重新开始。如二维码或链接是别人发给你的，请不要继续。',
  signExpiredTitle: '此数码签署请求已过期',
  signExpiredHelp: '剩余时间不足，文件并未签署。请在网站重新开始数码签署。',
  signUsedTitle: '此数码签署请求已被使用',
  signUsedHelp: '每个二维码及识别码只可使用一次。如仍需签署，请在网站重新开始。',
};
