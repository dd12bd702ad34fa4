/** One tooltip per figure: follows the pointer, or sits by the focused element for keyboard users. */
import { h } from './dom.js';

export interface Tooltip {
  readonly el: HTMLElement;
  show(lines: readonly string[], at: { x: number; y: number }): void;
  hide(): void;
}

export function createTooltip(host: HTMLElement): Tooltip {
  const el = h('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  host.append(el);
  return {
    el,
    show(lines, at) {
      el.replaceChildren(...lines.map((line, i) => h(i === 0 ? 'strong' : 'div', {}, line)));
      el.hidden = false;
      const box = host.getBoundingClientRect();
      const x = Math.min(Math.max(at.x - box.left + 14, 4), Math.max(4, box.width - el.offsetWidth - 4));
      const y = at.y - box.top + 16 + el.offsetHeight > box.height ? at.y - box.top - el.offsetHeight - 12 : at.y - box.top + 16;
      el.style.left = `${x}px`;
      el.style.top = `${Math.max(4, y)}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}

/** Wires hover and focus of `target` to the tooltip. */
export function bindTooltip(tooltip: Tooltip, target: Element, lines: () => readonly string[]): void {
  target.addEventListener('pointermove', (e) => tooltip.show(lines(), { x: (e as PointerEvent).clientX, y: (e as PointerEvent).clientY }));
  target.addEventListener('pointerleave', () => tooltip.hide());
  target.addEventListener('focus', () => {
    const r = target.getBoundingClientRect();
    tooltip.show(lines(), { x: r.left + r.width / 2, y: r.top + r.height / 2 });
  });
  target.addEventListener('blur', () => tooltip.hide());
}
