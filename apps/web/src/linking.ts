/**
 * Linking evidence to claims: an evidence card's "Supports…" and "Contradicts…" buttons open a
 * small form with a labelled list of the document's claims (by quote) and a Link button.
 */
import { createRelation, type RelationType } from '@warrant/annotations'
import type * as Y from 'yjs'
import { shortQuote } from './kinds'

/** A claim the reader can link to. */
export interface ClaimChoice {
  id: string
  quote: string
}

/** Options of `createLinkControls`. */
export interface LinkControlsOptions {
  annotations: Y.Doc
  /** The evidence annotation the relations start from. */
  from: string
  creator(): string
}

/** The linking controls of one card. */
export interface LinkControls {
  element: HTMLElement
  /** Refreshes the claims offered, keeping the chosen one when it still exists. */
  update(claims: ClaimChoice[]): void
  /** Chooses a claim in the open form (a claim highlight was clicked); false when no form is open. */
  pick(id: string): boolean
}

const verbs: Record<RelationType, { button: string; label: string }> = {
  supports: { button: 'Supports…', label: 'Claim it supports' },
  contradicts: { button: 'Contradicts…', label: 'Claim it contradicts' },
}

/** Builds the linking controls for the annotation `options.from`. */
export function createLinkControls(options: LinkControlsOptions): LinkControls {
  const element = document.createElement('div')
  element.className = 'link-controls'
  let claims: ClaimChoice[] = []
  let open: RelationType | null = null

  const buttons = document.createElement('div')
  buttons.className = 'link-buttons'
  const form = document.createElement('form')
  form.className = 'link-form'
  form.hidden = true
  const selectId = `link-${options.from}`
  const label = document.createElement('label')
  label.htmlFor = selectId
  const select = document.createElement('select')
  select.id = selectId
  select.name = 'claim'
  const link = document.createElement('button')
  link.type = 'submit'
  link.className = 'button'
  link.textContent = 'Link'
  const cancel = document.createElement('button')
  cancel.type = 'button'
  cancel.className = 'button button-quiet'
  cancel.textContent = 'Cancel'
  const message = document.createElement('p')
  message.className = 'link-message'
  message.setAttribute('role', 'alert')
  const actions = document.createElement('div')
  actions.className = 'link-actions'
  actions.append(link, cancel)
  form.append(label, select, actions, message)

  const fillOptions = (): void => {
    const chosen = select.value
    const items = claims.map((claim) => {
      const option = document.createElement('option')
      option.value = claim.id
      option.textContent = shortQuote(claim.quote)
      return option
    })
    if (items.length === 0) {
      const none = document.createElement('option')
      none.value = ''
      none.textContent = 'No claims tagged yet'
      items.push(none)
    }
    select.replaceChildren(...items)
    if (claims.some((claim) => claim.id === chosen)) select.value = chosen
    select.disabled = claims.length === 0
    link.disabled = claims.length === 0
  }

  const close = (): void => {
    open = null
    form.hidden = true
    buttons.hidden = false
    message.textContent = ''
  }

  for (const type of Object.keys(verbs) as RelationType[]) {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'button button-small'
    button.textContent = verbs[type].button
    button.addEventListener('click', () => {
      open = type
      label.textContent = verbs[type].label
      fillOptions()
      buttons.hidden = true
      form.hidden = false
      select.focus()
    })
    buttons.append(button)
  }

  cancel.addEventListener('click', close)
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close()
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (open === null || select.value === '') return
    try {
      createRelation(options.annotations, {
        type: open,
        from: options.from,
        to: select.value,
        creator: options.creator(),
      })
      close()
    } catch (failure) {
      message.textContent = failure instanceof Error ? failure.message : String(failure)
    }
  })

  element.append(buttons, form)
  return {
    element,
    update(next) {
      claims = next
      if (open !== null) fillOptions()
    },
    pick(id) {
      if (open === null || !claims.some((claim) => claim.id === id)) return false
      select.value = id
      return true
    },
  }
}
