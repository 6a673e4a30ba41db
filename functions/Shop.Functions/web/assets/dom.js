// Tiny DOM helpers. Text is always set as text (never parsed as HTML), so nothing the API returns can inject markup.

/** Creates an element: h('a', { href: '#/', class: 'x', on: { click } }, 'text', child, ...). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      element.className = value;
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        element.addEventListener(event, handler);
      }
    } else if (key === 'text') {
      element.textContent = value;
    } else if (key in element && typeof value !== 'string') {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** An error box (role=alert) for an ApiError or any Error: its message and, for a validation problem, each field's. */
export function errorBox(error, intro) {
  const fields = Object.entries(error?.fieldErrors ?? {});
  return h('div', { class: 'error', role: 'alert' },
    intro ? h('strong', {}, intro + ' ') : null,
    error?.message ?? String(error),
    fields.length > 1 ? h('ul', {}, fields.map(([field, messages]) => h('li', {}, `${field}: ${[].concat(messages).join(' ')}`))) : null);
}

/** A labelled input: returns { wrap, input, error } with the error slot wired to aria-describedby. */
export function field(id, labelText, inputProps = {}, hint) {
  const errorId = id + '-error';
  const hintId = hint ? id + '-hint' : null;
  const tag = inputProps.tag ?? 'input';
  const props = { ...inputProps, id, name: inputProps.name ?? id };
  delete props.tag;
  delete props.options;
  const input = h(tag, { ...props, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') }, inputProps.options ?? []);
  const error = h('div', { class: 'field-error', id: errorId });
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, labelText), input, hint ? h('div', { class: 'hint', id: hintId }, hint) : null, error);
  return { wrap, input, error };
}

/** Shows a field's error (or clears it). */
export function setFieldError(f, message) {
  f.error.textContent = message ?? '';
  if (message) {
    f.input.setAttribute('aria-invalid', 'true');
  } else {
    f.input.removeAttribute('aria-invalid');
  }
}

/** A date and time in the reader's locale. */
export function when(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** "out_for_delivery" → "out for delivery"; "executionStarted" → "execution started". */
export function words(code) {
  return String(code ?? '').replaceAll('_', ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Asks for confirmation in a modal dialog (keyboard: Tab between buttons, Escape cancels). Resolves true when the
 * person confirms.
 */
export function confirmDialog(title, message, confirmLabel = 'Confirm', { danger = false } = {}) {
  return new Promise((resolve) => {
    const titleId = 'dialog-title-' + Math.random().toString(36).slice(2);
    const cancel = h('button', { type: 'button', class: 'secondary', value: 'cancel' }, 'Go back');
    const ok = h('button', { type: 'button', class: danger ? 'danger' : '', value: 'confirm' }, confirmLabel);
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', {}, message),
      h('div', { class: 'dialog-actions' }, cancel, ok));
    const opener = document.activeElement;
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) {
        opener.focus(); // back where the person was
      }
      resolve(answer);
    };
    cancel.addEventListener('click', () => close(false));
    ok.addEventListener('click', () => close(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
