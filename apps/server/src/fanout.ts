/**
 * Fan-out between server instances sharing one database: each stored update (and each awareness
 * change) an instance publishes on its room's stream reaches the other instances holding the room.
 * The interface keeps the rooms free of any Redis detail; `RedisFanout` implements it.
 */

/** What crosses between instances on a room's stream. */
export type FanoutKind = 'update' | 'awareness'

/** One entry of a room's stream: what it carries and which instance published it. */
export interface FanoutMessage {
  kind: FanoutKind
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

/** The instances' shared message streams, one per room. */
export interface Fanout {
  /** This instance's id (random, per process). */
  readonly instance: string
  /**
   * The room stream's last id now ('0-0' when it has none): a room loaded after taking it and
   * following from it misses nothing.
   */
  position(room: string): Promise<string>
  /** Adds stored updates to the room's stream, in order (one round trip, pipelined). */
  publish(room: string, kind: FanoutKind, data: readonly Uint8Array[]): Promise<void>
  /** Follows the room's stream from after `position`. */
  follow(room: string, position: string, handlers: FanoutHandlers): RoomFeed
  /**
   * Calls `fn` with an instance id once that instance is known dead (its liveness key expired)
   * after this instance had received a message from it. Returns an unsubscribe.
   */
  onInstanceGone(fn: (instance: string) => void): () => void
  /** Stops reading, removes this instance's liveness key, closes connections. */
  close(): Promise<void>
}
