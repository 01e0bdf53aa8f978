/**
 * Linking one annotation to another with a typed relation: a card's "Supports…",
 * "Contradicts…", "Qualifies…" (evidence and statistics to claims), "Cites…" (to a source),
 * "About…" (to an actor) and "Resolves…" (evidence to a prediction) buttons open a small form
 * listing only the annotations of the kind the relation points to, by quote. The reader picks
 * one by clicking its highlight in the text, or by typing a few words of its quote (or its kind)
 * into the search field, which narrows the list; arrow keys move through the matches and Enter
 * links the chosen one, so the whole flow works from the keyboard.
 */
import { createRelation, type RelationType, relationTargets } from '@warrant/annotations'
import type * as Y from 'yjs'
import { formControls } from './form-controls'
import { shortQuote } from './kinds'

/** An annotation the reader can link to. */
export interface LinkChoice {
  id: string
  kind: string
  quote: string
}

/** How a relation type reads and which kinds it joins. */
export interface RelationSpec {
  /** The button that opens the form. */
  button: string
  /** The label of the list of targets. */
  label: string
  /** Whether an annotation of `kind` may start this relation. */
  from(kind: string): boolean
  /** The verb on the starting card ("supports") and on the target's ("supported by"). */
  outgoing: string
  incoming: string
  /** What the list says when there is nothing to link to. */
  none: string
}

const arguing = (kind: string): boolean => kind === 'evidence' || kind === 'statistic'

/** The kind a relation type points to: the model's constraint, else a claim (what is argued over). */
function targetKind(type: RelationType): string {
  return relationTargets[type] ?? 'claim'
}

/** Every relation type, in the order its button is shown. */
export const relationSpecs: Record<RelationType, RelationSpec> = {
  supports: {
    button: 'Supports…',
    label: 'Claim it supports',
    from: arguing,
    outgoing: 'supports',
    incoming: 'supported by',
    none: 'No claims tagged yet',
  },
  contradicts: {
    button: 'Contradicts…',
    label: 'Claim it contradicts',
    from: arguing,
    outgoing: 'contradicts',
    incoming: 'contradicted by',
    none: 'No claims tagged yet',
  },
  qualifies: {
    button: 'Qualifies…',
    label: 'Claim it qualifies',
    from: arguing,
    outgoing: 'qualifies',
    incoming: 'qualified by',
    none: 'No claims tagged yet',
  },
  cites: {
    button: 'Cites…',
    label: 'Source it cites',
    from: (kind) => kind !== 'source' && kind !== 'actor',
    outgoing: 'cites',
    incoming: 'cited by',
    none: 'No sources tagged yet',
  },
  about: {
    button: 'About…',
    label: 'Actor it is about',
    from: (kind) => kind !== 'actor',
    outgoing: 'about',
    incoming: 'mentioned by',
    none: 'No actors tagged yet',
  },
  resolves: {
    button: 'Resolves…',
    label: 'Prediction it resolves',
    from: (kind) => kind === 'evidence',
    outgoing: 'resolves',
    incoming: 'resolved by',
    none: 'No predictions tagged yet',
  },
}

/** Options of `createLinkControls`. */
export interface LinkControlsOptions {
  annotations: Y.Doc
  /** The annotation the relations start from, and its kind. */
  from: string
  kind: string
  creator(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
}

/** The linking controls of one card. */
export interface LinkControls {
  element: HTMLElement
  /** Refreshes the annotations offered, keeping the chosen one when it still exists. */
  update(choices: LinkChoice[]): void
  /** Chooses an annotation in the open form (its highlight was clicked); false when it does not fit. */
  pick(id: string): boolean
}

/** Builds the linking controls for the annotation `options.from`; null when its kind links nowhere. */
export function createLinkControls(options: LinkControlsOptions): LinkControls | null {
  const types = (Object.keys(relationSpecs) as RelationType[]).filter((type) =>
    relationSpecs[type].from(options.kind),
  )
  if (types.length === 0) return null
  const element = document.createElement('div')
  element.className = 'link-controls'
  let choices: LinkChoice[] = []
  let open: RelationType | null = null

  const buttons = document.createElement('div')
  buttons.className = 'link-buttons'
  const caption = document.createElement('span')
  caption.className = 'link-caption'
  caption.textContent = 'Link:'
  buttons.append(caption)
  const form = document.createElement('form')
  form.className = 'link-form'
  form.hidden = true
  const selectId = `link-${options.from}`
  const label = document.createElement('label')
  label.htmlFor = selectId
  const select = document.createElement('select')
  select.id = selectId
  select.name = 'target'
  const search = document.createElement('input')
  search.type = 'search'
  search.className = 'link-search'
  search.placeholder = 'Search by quote…'
  search.setAttribute('aria-label', 'Find by quote or kind')
  search.setAttribute('aria-controls', selectId)
  search.autocomplete = 'off'
  const count = document.createElement('p')
  count.className = 'link-count'
  count.setAttribute('aria-live', 'polite')
  const { actions, submit: link, cancel, message } = formControls('Link', 'regular')
  form.append(label, search, select, count, actions, message)

  const targets = (): LinkChoice[] => {
    const type = open
    if (type === null) return []
    return choices.filter((c) => c.kind === targetKind(type) && c.id !== options.from)
  }

  /** The targets whose quote or kind holds every word of the search. */
  const matches = (): LinkChoice[] => {
    const words = search.value
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== '')
    const all = targets()
    if (words.length === 0) return all
    return all.filter((choice) => {
      const text = `${choice.kind} ${choice.quote}`.toLowerCase()
      return words.every((word) => text.includes(word))
    })
  }

  const fillOptions = (): void => {
    const chosen = select.value
    const all = targets()
    const offered = matches()
    count.textContent =
      search.value.trim() === '' || all.length === 0
        ? ''
        : `${offered.length} of ${all.length} match`
    const items = offered.map((choice) => {
      const option = document.createElement('option')
      option.value = choice.id
      option.textContent = shortQuote(choice.quote)
      return option
    })
    if (items.length === 0 && open !== null) {
      const none = document.createElement('option')
      none.value = ''
      none.textContent = all.length === 0 ? relationSpecs[open].none : 'Nothing matches the search'
      items.push(none)
    }
    select.replaceChildren(...items)
    if (offered.some((choice) => choice.id === chosen)) select.value = chosen
    select.disabled = offered.length === 0
    link.disabled = offered.length === 0
  }

  const close = (): void => {
    open = null
    form.hidden = true
    buttons.hidden = false
    message.textContent = ''
  }

  for (const type of types) {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'button-link'
    button.textContent = relationSpecs[type].button
    button.addEventListener('click', () => {
      open = type
      label.textContent = relationSpecs[type].label
      search.value = ''
      fillOptions()
      buttons.hidden = true
      form.hidden = false
      search.focus()
    })
    buttons.append(button)
  }

  search.addEventListener('input', fillOptions)
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    // The arrows move through the matches while the caret stays in the search field.
    event.preventDefault()
    const last = select.options.length - 1
    const step = event.key === 'ArrowDown' ? 1 : -1
    select.selectedIndex = Math.min(last, Math.max(0, select.selectedIndex + step))
  })
  cancel.addEventListener('click', close)
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close()
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (open === null || select.value === '') return
    try {
      createRelation(
        options.annotations,
        { type: open, from: options.from, to: select.value, creator: options.creator() },
        { origin: options.origin },
      )
      close()
    } catch (failure) {
      message.textContent = failure instanceof Error ? failure.message : String(failure)
    }
  })

  element.append(buttons, form)
  return {
    element,
    update(next) {
      choices = next
      if (open !== null) fillOptions()
    },
    pick(id) {
      if (!targets().some((choice) => choice.id === id)) return false
      if (!matches().some((choice) => choice.id === id)) {
        search.value = ''
        fillOptions()
      }
      select.value = id
      return true
    },
  }
}
