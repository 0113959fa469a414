import bwipjs from 'bwip-js';

/** A Code 128 (or QR) symbol as a PNG data URL, for pdfmake's `image`. */
export async function barcodePng(text: string, options: { symbology?: 'code128' | 'qrcode'; heightMm?: number; scale?: number } = {}): Promise<string> {
  const symbology = options.symbology ?? 'code128';
  const png = await bwipjs.toBuffer({
    bcid: symbology,
    text,
    scale: options.scale ?? 3,
    ...(symbology === 'code128' ? { height: options.heightMm ?? 12 } : {}),
    includetext: false,
    paddingwidth: symbology === 'code128' ? 6 : 2,
    paddingheight: 2,
  });
  return `data:image/png;base64,${png.toString('base64')}`;
}
