// Package engine runs state machines that are described once, as data, and
// used many times: the machine's states with their classes and labels, its
// typed events with who performs them and what each changes in its subject,
// its transitions with the rule that governs each step, the branch it takes
// and the guards it requires, and its timed and derived steps. The Kanta
// machines of package lifecycle are defined on it; this package knows
// nothing of Kanta.
//
// A machine is used in two moves. Decide asks whether an event may happen
// now and returns the state it leads to, or a *Refusal that lists every
// unmet condition with its rule; it changes nothing. Apply makes the step:
// it runs the event's effect on the subject and sets the new state, and it
// cannot fail. Replaying a recorded history uses Target, which finds the
// step an event takes without asking the guards again. Due says when time
// alone next moves a subject; Derive finds the step a machine takes by
// itself when the facts around it change.
//
// Every step is decided by a github.com/looplab/fsm engine built from the
// definition: an engine standing in the current state must allow the
// transition (Can). The machines never call looplab's Event, so its sharp
// edges cannot be reached: no context is handed to looplab, so none can
// leave an engine stuck in a transition; no callbacks exist, so nothing can
// re-enter a machine under a lock; a self-transition is an ordinary step.
// Engines are pooled by the state they stand in and are never moved, and a
// Machine holds no state of any subject, so it is safe for concurrent use.
//
// Everything else is derived from the same definition: Describe gives the
// machine as data, which Diagram draws in Mermaid or Graphviz in English,
// Finnish or Swedish, and from which the paths of a model-based test are
// walked (CoveringPaths, ShortestPath).
package engine
