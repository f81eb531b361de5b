/** What the fuzz tests of every module share; shipped in this module's tests jar. */
package io.remotemedia.audio.fuzz;
