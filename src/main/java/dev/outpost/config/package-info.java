/**
 * The configuration: one TOML file in, one immutable {@link dev.outpost.config.OutpostConfig} out.
 *
 * <p>{@link dev.outpost.config.ConfigLoader} reads the file on top of the embedded defaults and
 * reports every problem at once, each with file, line, full key and the allowed values. The
 * records are the only thing the rest of Outpost sees; nothing else reads the file. Nothing here
 * touches the queue or the spool.
 */
package dev.outpost.config;
