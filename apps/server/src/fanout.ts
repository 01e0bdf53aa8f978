/**
 * Fan-out between server instances: what one instance stored of a room, and its readers'
 * awareness, reaches the other instances holding the room. This file is the interface the rooms
 * use; `redis-fanout.ts` implements it over Redis streams.
 */

/** What crosses between instances on a room's stream. */
export type FanoutKind = 'update' | 'awareness'

/** One message on a room's stream. */
export interface FanoutMessage {
  kind: FanoutKind
  /** The instance that published it. */
  instance: string
  data: Uint8Array
}

/** What a followed room hears. */
export interface FanoutHandlers {
  /** A message another instance published (never this instance's own). */
  message(message: FanoutMessage): void
  /**
   * Messages may have been missed (the stream was trimmed past our position, Redis reconnected
   * or restarted): the room must re-read its log from storage.
   */
  gap(): void
}

/** A room being followed. */
export interface RoomFeed {
  /** Stops following. */
  close(): void
}

/** The fan-out of stored updates and awareness between instances. */
export interface Fanout {
  /** This instance's id (random, per process). */
  readonly instance: string
  /**
   * The room stream's last id now ('0-0' when it has none): a room loaded after taking it and
   * followed from it misses nothing.
   */
  position(room: string): Promise<string>
  /** Adds stored updates (or awareness) to the room's stream, in order. */
  publish(room: string, kind: FanoutKind, data: readonly Uint8Array[]): Promise<void>
  /** Follows the room's stream from after `position`. */
  follow(room: string, position: string, handlers: FanoutHandlers): RoomFeed
  /**
   * Calls `fn` with an instance's id once that instance is known dead (its liveness key
   * expired) after this instance had received a message from it. Returns an unsubscribe.
   */
  onInstanceGone(fn: (instance: string) => void): () => void
  /** Stops reading, removes this instance's liveness key, closes connections. */
  close(): Promise<void>
}
