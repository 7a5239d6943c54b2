import { nextTick, readonly, ref } from 'vue';

const message = ref('');

/**
 * The page's polite live region (rendered once, in App.vue): async results such as "Reply sent"
 * or "12 tickets" are read out by screen readers without moving focus.
 */
export function useAnnouncer() {
  /** Reads `text` out; the same text twice in a row is read twice. */
  async function announce(text: string): Promise<void> {
    message.value = '';
    await nextTick();
    message.value = text;
  }
  return { message: readonly(message), announce };
}
