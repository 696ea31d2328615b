/** Just enough MIME to read what nodemailer sent: headers (RFC 2047 words decoded) and a single-part text body. */

function decodeWord(charset: string, enc: string, text: string): string {
  const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return new TextDecoder(charset.toLowerCase()).decode(bytes);
}

export function decodeHeaderValue(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=(\s+(?==\?))?/gi, (_, cs: string, enc: string, text: string) => decodeWord(cs, enc, text));
}

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  text: string;
}

export function parseMail(raw: string): ParsedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (cte === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (cte === 'quoted-printable')
    bytes = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  else bytes = Buffer.from(body, 'utf8');
  return { headers, subject: decodeHeaderValue(headers.subject ?? ''), text: bytes.toString('utf8') };
}
