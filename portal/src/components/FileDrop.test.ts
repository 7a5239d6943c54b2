import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { makeFile } from '../test-support/fixtures.js';
import FileDrop from './FileDrop.vue';

describe('FileDrop', () => {
  it('is a real button that opens the file picker, so keyboards can use it', async () => {
    const wrapper = mount(FileDrop, { attachTo: document.body });
    const zone = wrapper.get('[data-testid="file-drop"]');
    expect(zone.element.tagName).toBe('BUTTON');
    expect(zone.attributes('type')).toBe('button');
    expect(zone.text()).toContain('Attach files');
    const hintId = zone.attributes('aria-describedby')!;
    expect(document.getElementById(hintId)?.textContent).toMatch(/^Up to 10 MB each/);
    const click = vi.spyOn(wrapper.get('input[type="file"]').element as HTMLInputElement, 'click');
    await zone.trigger('click');
    expect(click).toHaveBeenCalledOnce();
    wrapper.unmount();
  });

  it('emits dropped files and picked files', async () => {
    const wrapper = mount(FileDrop);
    const file = makeFile('a.png', 10, 'image/png');
    const zone = wrapper.get('[data-testid="file-drop"]');
    await zone.trigger('dragenter');
    expect(zone.classes()).toContain('dragging');
    await zone.trigger('drop', { dataTransfer: { files: [file] } });
    expect(zone.classes()).not.toContain('dragging');

    const input = wrapper.get('input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    expect(wrapper.emitted('files')).toEqual([[[file]], [[file]]]);
  });
});
