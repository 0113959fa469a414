/**
 * The Content-Security-Policy of the app page, in Electron and in browser mode alike: our own
 * scripts only, no eval, no plugins, no framing; antd writes its CSS-in-JS into <style> tags,
 * hence 'unsafe-inline' for styles only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
