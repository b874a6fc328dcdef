import { AppError } from '../../../shared/errors';
import { toHalfWidth } from '../../../shared/domain/text';

// Turns what a user types into the address of a server: "crm.example.cn:3210" and
// "http://10.0.0.5:3210/" both become a canonical "http(s)://host[:port][/path]" without a
// trailing slash, so the same server is one profile however it was typed. Anything but
// http(s) (file:, javascript:, credentials in the address) is refused, not guessed at.
export function normaliseServerUrl(input: string): string {
  const typed = toHalfWidth(input).trim();
  const invalid = () => new AppError('VALIDATION', {}, [{ path: 'serverUrl', message: 'validation.serverUrl' }]);
  if (!typed || typed.length > 500 || /\s/.test(typed)) throw invalid();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid();
  if (!url.hostname || url.username || url.password) throw invalid();
  // Intranet servers often have one-label names ("crmserver"), so those pass; anything that is
  // not letters, digits, hyphens and dots (or an IPv6 literal) is not a host name.
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/i.test(url.hostname)) throw invalid();
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
