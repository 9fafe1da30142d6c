/** The Truffle language entry point and context. */
package dev.porcini.language;
