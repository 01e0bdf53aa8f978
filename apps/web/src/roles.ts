/**
 * What the reader's role allows, said in the interface: a badge in the top bar naming the role
 * and what it may not do, and a guard that keeps a viewer's sidebar free of working controls
 * (cards drawn later, by any module, included). The server refuses a viewer's writes anyway;
 * this makes the interface not offer them.
 */
import './styles/presence.css'
import type { Me } from './api'

/** A reader's role. */
export type Role = Me['role']

const roleWords: Record<Role, { label: string; detail: string; title: string }> = {
  viewer: {
    label: 'Viewer',
    detail: 'read only',
    title: 'You can read, filter and export. Tagging, comments and edits need an annotator link.',
  },
  annotator: {
    label: 'Annotator',
    detail: 'text locked',
    title: 'You can tag passages, edit your annotations and comment. The text itself is locked.',
  },
  editor: {
    label: 'Editor',
    detail: '',
    title: 'You can edit the text, annotate and comment.',
  },
  owner: {
    label: 'Owner',
    detail: '',
    title: 'You can do everything, including sharing links to this document.',
  },
}

/** Whether a role may change the text. */
export function mayEditText(role: Role): boolean {
  return role === 'editor' || role === 'owner'
}

/** Whether a role may create and change annotations, relations and comments. */
export function mayAnnotate(role: Role): boolean {
  return role !== 'viewer'
}

/** The badge naming the reader's role, e.g. "Viewer · read only". */
export function roleBadge(role: Role): HTMLElement {
  const words = roleWords[role]
  const badge = document.createElement('span')
  badge.className = `role-badge role-${role}`
  badge.dataset.role = role
  badge.textContent = words.detail === '' ? words.label : `${words.label} · ${words.detail}`
  badge.title = words.title
  return badge
}

const fieldSelector = 'input, select, textarea'

function disableFields(root: ParentNode): void {
  for (const field of root.querySelectorAll<
    HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
  >(`.card :is(${fieldSelector})`)) {
    if (!field.disabled) field.disabled = true
  }
}

/**
 * Disables every form field inside the cards of `sidebar` (values stay readable, nothing can be
 * typed or chosen), now and for each card drawn later; returns a stop function. The buttons
 * that change things are hidden by `.is-read-only` rules in the stylesheets.
 */
export function guardReadOnly(sidebar: HTMLElement): () => void {
  sidebar.classList.add('is-read-only')
  disableFields(sidebar)
  const observer = new MutationObserver(() => disableFields(sidebar))
  observer.observe(sidebar, { childList: true, subtree: true })
  return () => observer.disconnect()
}
