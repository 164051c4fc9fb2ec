/**
 * The tag of the overlay UI's host element (the palette and the fill-in form live in its closed
 * shadow root). The same string as `HOST_TAG` in ./ui/host.ts (a unit test holds them equal),
 * kept here so the content script can tell the overlay's own events apart without bundling the UI.
 */
export const OVERLAY_HOST_TAG = 'rapport-overlay';
