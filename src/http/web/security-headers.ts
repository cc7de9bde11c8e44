/**
 * secureHeaders options for the whole app. The CSP allows scripts and styles only from this
 * origin (served files; no inline script, no inline style, no eval), images from here and data:
 * URLs, connections (fetch, XHR, the banner's WebSocket) to this origin only; no framing, no
 * plugins, forms post only here. 'self' covers ws:/wss: to the same host in CSP Level 3.
 */
import type { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

export const SECURE_HEADERS: SecureHeadersOptions = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: 'strict-origin-when-cross-origin',
  xFrameOptions: 'DENY',
  // Local development is plain http; HSTS there would be ignored, and in production it is wanted.
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
};
