/** The server as a library: start one in-process (tests, the command line). */
export { createApp } from './app'
export { readConfig, type ServerConfig } from './config'
export { type RunningServer, startServer } from './server'
