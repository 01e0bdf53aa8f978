/**
 * The discussion on a card: threads of comments with replies, each comment's author and
 * relative time, editing one's own comments, and resolving or reopening a thread. Text is
 * shown as text, its http(s) addresses as links that open in a new tab (other schemes stay
 * text). Elements are kept per comment, so an update from a collaborator never
 * closes the form the reader is typing in.
 */
import { addComment, type Comment, editComment, setCommentResolved } from '@warrant/annotations'
import type * as Y from 'yjs'
import { formControls } from './form-controls'
import { renderLinkedText } from './linkify'
import { placeChildren } from './placement'
import { timeElement } from './time'

/** Options of `createThread`. */
export interface ThreadOptions {
  annotations: Y.Doc
  /** The annotation the discussion is about. */
  annotation: string
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
}

/** The discussion of one card. */
export interface Thread {
  element: HTMLElement
  /** Shows these comments (the annotation's, oldest first). */
  update(comments: Comment[]): void
}

type Draft = { mode: 'new' } | { mode: 'reply'; root: string } | { mode: 'edit'; comment: string }

function button(text: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button')
  element.type = 'button'
  element.className = 'button-link'
  element.textContent = text
  element.addEventListener('click', onClick)
  return element
}

/** The first comment of the thread `comment` belongs to. */
function rootOf(comment: Comment, byId: Map<string, Comment>): Comment {
  let at = comment
  const seen = new Set<string>()
  while (at.parent !== null && !seen.has(at.id)) {
    seen.add(at.id)
    const parent = byId.get(at.parent)
    if (parent === undefined) break
    at = parent
  }
  return at
}

/** Builds the discussion of `options.annotation`. */
export function createThread(options: ThreadOptions): Thread {
  const element = document.createElement('section')
  element.className = 'thread'
  element.setAttribute('aria-label', 'Discussion')
  const list = document.createElement('div')
  list.className = 'thread-list'
  const start = button('Comment', () => openDraft({ mode: 'new' }))
  start.classList.add('thread-start')
  element.append(list, start)

  const form = document.createElement('form')
  form.className = 'comment-form'
  const field = document.createElement('textarea')
  field.rows = 2
  const { actions: formActions, submit: post, cancel, message } = formControls('', 'small')
  form.append(field, formActions, message)

  let draft: Draft | null = null
  let comments: Comment[] = []
  const commentViews = new Map<string, HTMLElement>()
  const threadViews = new Map<string, HTMLElement>()

  const openDraft = (next: Draft): void => {
    draft = next
    const editing = next.mode === 'edit' ? comments.find((c) => c.id === next.comment) : undefined
    field.value = editing?.text ?? ''
    field.setAttribute(
      'aria-label',
      next.mode === 'new' ? 'Comment' : next.mode === 'reply' ? 'Reply' : 'Edit comment',
    )
    post.textContent = next.mode === 'edit' ? 'Save' : 'Post'
    message.textContent = ''
    render()
    field.focus()
  }
  const closeDraft = (): void => {
    draft = null
    render()
  }
  cancel.addEventListener('click', closeDraft)
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDraft()
    else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit()
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (draft === null) return
    const text = field.value.trim()
    if (text === '') {
      message.textContent = 'Write something first.'
      return
    }
    const write = { origin: options.origin }
    try {
      if (draft.mode === 'edit') {
        editComment(options.annotations, draft.comment, { text, editor: options.user() }, write)
      } else {
        addComment(
          options.annotations,
          {
            annotation: options.annotation,
            text,
            creator: options.user(),
            parent: draft.mode === 'reply' ? draft.root : null,
          },
          write,
        )
      }
      closeDraft()
    } catch (failure) {
      message.textContent = failure instanceof Error ? failure.message : String(failure)
    }
  })

  const commentView = (comment: Comment): HTMLElement => {
    let view = commentViews.get(comment.id)
    if (view === undefined) {
      view = document.createElement('div')
      view.className = 'comment'
      view.dataset.commentId = comment.id
      commentViews.set(comment.id, view)
    }
    const meta = document.createElement('p')
    meta.className = 'comment-meta'
    const author = document.createElement('span')
    author.className = 'comment-author'
    author.textContent = comment.creator
    meta.append(author, ' · ', timeElement(comment.created))
    if (comment.modified !== comment.created) {
      const by = comment.modifiedBy && comment.modifiedBy !== comment.creator
      meta.append(by ? ` · edited by ${comment.modifiedBy}` : ' · edited')
    }
    const parts: HTMLElement[] = [meta]
    if (draft?.mode === 'edit' && draft.comment === comment.id) {
      parts.push(form)
    } else {
      const text = document.createElement('p')
      text.className = 'comment-text'
      renderLinkedText(text, comment.text)
      parts.push(text)
      if (comment.creator === options.user()) {
        const actions = document.createElement('div')
        actions.className = 'comment-actions'
        actions.append(button('Edit', () => openDraft({ mode: 'edit', comment: comment.id })))
        parts.push(actions)
      }
    }
    placeChildren(view, parts)
    return view
  }

  const threadView = (root: Comment, replies: Comment[]): HTMLElement => {
    let view = threadViews.get(root.id)
    if (view === undefined) {
      view = document.createElement('div')
      view.className = 'thread-item'
      view.dataset.threadId = root.id
      threadViews.set(root.id, view)
    }
    view.classList.toggle('is-resolved', root.resolved)
    const parts: HTMLElement[] = [commentView(root), ...replies.map(commentView)]
    if (draft?.mode === 'reply' && draft.root === root.id) parts.push(form)
    const footer = document.createElement('div')
    footer.className = 'thread-footer'
    if (root.resolved) {
      const status = document.createElement('span')
      status.className = 'thread-status'
      status.append(`Resolved${root.resolvedBy ? ` by ${root.resolvedBy}` : ''}`)
      if (root.resolvedAt) status.append(' · ', timeElement(root.resolvedAt))
      footer.append(status)
    } else {
      footer.append(button('Reply', () => openDraft({ mode: 'reply', root: root.id })))
    }
    const resolved = !root.resolved
    footer.append(
      button(root.resolved ? 'Reopen' : 'Resolve', () => {
        setCommentResolved(
          options.annotations,
          root.id,
          resolved,
          { editor: options.user() },
          { origin: options.origin },
        )
      }),
    )
    parts.push(footer)
    placeChildren(view, parts)
    return view
  }

  const render = (): void => {
    const byId = new Map(comments.map((c) => [c.id, c]))
    const roots: Comment[] = []
    const replies = new Map<string, Comment[]>()
    for (const comment of comments) {
      const root = rootOf(comment, byId)
      if (root === comment) roots.push(comment)
      else replies.set(root.id, [...(replies.get(root.id) ?? []), comment])
    }
    for (const id of [...commentViews.keys()]) if (!byId.has(id)) commentViews.delete(id)
    for (const id of [...threadViews.keys()]) if (!byId.has(id)) threadViews.delete(id)
    if (draft?.mode === 'edit' && !byId.has(draft.comment)) draft = null
    if (draft?.mode === 'reply' && !byId.has(draft.root)) draft = null
    placeChildren(
      list,
      roots.map((root) => threadView(root, replies.get(root.id) ?? [])),
    )
    start.hidden = draft?.mode === 'new'
    if (draft?.mode === 'new') {
      if (form.nextElementSibling !== start) element.insertBefore(form, start)
    } else if (form.parentElement === element) form.remove()
  }

  return {
    element,
    update(next) {
      comments = next
      render()
    },
  }
}
