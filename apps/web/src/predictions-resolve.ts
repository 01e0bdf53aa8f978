/**
 * Resolving a prediction: a small form inside its entry of the predictions tab that sets the
 * outcome (the values the codebook's prediction kind allows), an optional line on how it was
 * settled, and the evidence that settles it, picked from a list of the evidence annotations
 * (with a search box once there are many) or by clicking its highlight. The evidence `resolves`
 * the prediction: the relation and the outcome are written in one transaction with the
 * session's origin, so one undo takes both back. The model's refusals are shown as text.
 */
import {
  createRelation,
  type Relation,
  updateAnnotation,
  validateAttributes,
} from '@warrant/annotations'
import type * as Y from 'yjs'
import { attributeFields, attributeRefusal, attributeSummary } from './attribute-fields'
import type { LiveCodebook } from './codebook'
import { formControls } from './form-controls'
import { shortQuote } from './kinds'
import { searchable } from './sidebar-filters'
import { type SidebarSnapshot, snapshotQuote } from './sidebar-snapshot'

/** Options of `createPredictionResolve`. */
export interface PredictionResolveOptions {
  annotations: Y.Doc
  codebook: LiveCodebook
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
  /** The prediction's id. */
  prediction: string
  /** Called after a resolution is written, with a sentence saying what was done. */
  onResolved(text: string): void
  /** Called whenever the form closes (cancelled, or after a resolution). */
  onClose(): void
}

/** The resolve form of one prediction. */
export interface PredictionResolve {
  element: HTMLFormElement
  /** Opens the form filled with the prediction's outcome and resolution. */
  open(): void
  close(): void
  isOpen(): boolean
  /** Follows a new snapshot: the evidence offered and the outcomes allowed (while open). */
  update(snapshot: SidebarSnapshot): void
  /** Chooses evidence `id` while the form is open; false when closed or `id` is no evidence. */
  pick(id: string): boolean
}

/** Above this many pieces of evidence the form offers a search box. */
const searchFrom = 8

let controls = 0

/** A field: its label (tied by id, so a chooser's options are not part of its name) and control. */
function labelled(text: string, control: HTMLElement): HTMLElement {
  controls += 1
  control.id = `prediction-resolve-${controls}`
  const field = document.createElement('div')
  field.className = 'prediction-field'
  const label = document.createElement('label')
  label.htmlFor = control.id
  label.textContent = text
  field.append(label, control)
  return field
}

function option(value: string, text: string): HTMLOptionElement {
  const element = document.createElement('option')
  element.value = value
  element.textContent = text
  return element
}

/** Builds the (closed) resolve form of a prediction. */
export function createPredictionResolve(options: PredictionResolveOptions): PredictionResolve {
  const element = document.createElement('form')
  element.className = 'prediction-resolve'
  element.hidden = true
  element.setAttribute('aria-label', 'Resolve prediction')
  const outcome = document.createElement('select')
  outcome.name = 'outcome'
  const resolution = document.createElement('input')
  resolution.type = 'text'
  resolution.name = 'resolution'
  resolution.placeholder = 'How it was settled (optional)'
  const search = document.createElement('input')
  search.type = 'search'
  search.placeholder = 'Search the evidence'
  const searchField = labelled('Find evidence', search)
  const evidence = document.createElement('select')
  evidence.name = 'evidence'
  const hint = document.createElement('p')
  hint.className = 'prediction-resolve-hint'
  hint.textContent = 'Or click the evidence’s highlight in the text.'
  const { actions, submit, cancel, message } = formControls('Resolve', 'small')
  submit.textContent = 'Save outcome'
  element.append(
    labelled('Outcome', outcome),
    labelled('Resolution', resolution),
    searchField,
    labelled('Evidence that settles it', evidence),
    hint,
    actions,
    message,
  )

  let snapshot: SidebarSnapshot | null = null
  let evidenceIds: string[] = []

  const fields = () =>
    attributeFields(snapshot?.codebook ?? options.codebook.current(), 'prediction')

  const showOutcomes = (): void => {
    const field = fields().find((f) => f.key === 'outcome')
    const values = field?.choices ?? []
    const chosen = outcome.value
    const wanted = ['', ...values]
    const have = [...outcome.options].map((o) => o.value)
    if (have.join('\u0000') !== wanted.join('\u0000') && field) {
      outcome.replaceChildren(
        option('', 'Choose an outcome'),
        ...values.map((value) => option(value, attributeSummary(field, value))),
      )
    }
    outcome.value = values.includes(chosen) ? chosen : ''
  }

  const showEvidence = (): void => {
    const at = snapshot
    if (at === null) return
    evidenceIds = at.annotations.filter((a) => a.kind === 'evidence').map((a) => a.id)
    searchField.hidden = evidenceIds.length <= searchFrom
    const text = searchField.hidden ? '' : searchable(search.value)
    const chosen = evidence.value
    const listed = evidenceIds.filter(
      (id) => id === chosen || text === '' || searchable(snapshotQuote(at, id)).includes(text),
    )
    const wanted: Array<[string, string]> = [
      ['', evidenceIds.length === 0 ? 'No evidence tagged yet' : 'No evidence (outcome only)'],
      ...listed.map((id): [string, string] => [id, shortQuote(snapshotQuote(at, id), 80)]),
    ]
    const same =
      evidence.options.length === wanted.length &&
      wanted.every(([value, text], i) => {
        const have = evidence.options[i]
        return have?.value === value && have.textContent === text
      })
    // Left alone when nothing changed, so an open chooser stays open.
    if (!same) evidence.replaceChildren(...wanted.map(([value, text]) => option(value, text)))
    evidence.value = listed.includes(chosen) ? chosen : ''
  }

  const close = (): void => {
    element.hidden = true
    message.textContent = ''
    options.onClose()
  }

  search.addEventListener('input', showEvidence)
  outcome.addEventListener('change', () => (message.textContent = ''))
  cancel.addEventListener('click', close)
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close()
  })
  element.addEventListener('submit', (event) => {
    event.preventDefault()
    const at = snapshot
    const prediction = at?.byId.get(options.prediction)
    if (at === undefined || at === null || prediction === undefined) {
      message.textContent = 'This prediction no longer exists.'
      return
    }
    if (outcome.value === '') {
      message.textContent = 'Choose an outcome.'
      outcome.focus()
      return
    }
    const attributes: Record<string, unknown> = { ...prediction.attributes, outcome: outcome.value }
    if (resolution.value.trim() === '') delete attributes.resolution
    else attributes.resolution = resolution.value
    const settledBy = evidence.value === '' ? null : evidence.value
    const linked = (r: Relation): boolean =>
      r.type === 'resolves' && r.from === settledBy && r.to === prediction.id
    const codebook = options.codebook.current()
    try {
      // Checked first, so that nothing is written when the outcome is refused.
      validateAttributes(prediction.kind, attributes, codebook)
      options.annotations.transact(() => {
        if (settledBy !== null && !at.relations.some(linked)) {
          createRelation(
            options.annotations,
            { type: 'resolves', from: settledBy, to: prediction.id, creator: options.user() },
            { origin: options.origin },
          )
        }
        updateAnnotation(
          options.annotations,
          prediction.id,
          { attributes, editor: options.user() },
          { origin: options.origin, codebook },
        )
      }, options.origin)
    } catch (failure) {
      const text = failure instanceof Error ? failure.message : String(failure)
      message.textContent = attributeRefusal(fields(), text)
      return
    }
    const by =
      settledBy === null ? '' : `, settled by “${shortQuote(snapshotQuote(at, settledBy), 60)}”`
    close()
    options.onResolved(
      `Resolved “${shortQuote(snapshotQuote(at, prediction.id), 60)}”: ${outcome.value}${by}.`,
    )
  })

  return {
    element,
    open() {
      const prediction = snapshot?.byId.get(options.prediction)
      showOutcomes()
      const stored = prediction?.attributes.outcome
      outcome.value = typeof stored === 'string' && stored !== 'pending' ? stored : ''
      const text = prediction?.attributes.resolution
      resolution.value = typeof text === 'string' ? text : ''
      search.value = ''
      evidence.value = ''
      showEvidence()
      message.textContent = ''
      element.hidden = false
      outcome.focus()
    },
    close,
    isOpen: () => !element.hidden,
    update(next) {
      snapshot = next
      // A closed form is filled when it opens: hundreds of predictions need no evidence lists.
      if (element.hidden) return
      showOutcomes()
      showEvidence()
    },
    pick(id) {
      if (element.hidden || !evidenceIds.includes(id)) return false
      search.value = ''
      showEvidence()
      evidence.value = id
      message.textContent = ''
      evidence.focus()
      return true
    },
  }
}
