/** Leaves the single-page app for a full page load (the sign-in flow, or a fresh start after sign-out). */
export function leaveTo(url: string): void {
  window.location.assign(url);
}
