/**
 * The login artwork's intrinsic size (the width and height attributes: the box is reserved before the image
 * arrives, so nothing shifts) and the widths rendered: 1×, 2× and 3× of the column it fills (at most 348 CSS px).
 */
export const LOGIN_ART = {
  width: 360,
  height: 150,
  widths: [360, 720, 1080],
  /** The column is at most 348 CSS px wide, the viewport minus 2rem below that. */
  sizes: '(max-width: 380px) calc(100vw - 2rem), 348px',
} as const;
