// What the visitor reads while their conversation waits for a free chat slot (SPEC R7).

/** "You're number 2 in line — you can leave; we'll answer here when you come back." */
export function queueText(position: number): string {
  return `You're number ${position} in line — you can leave; we'll answer here when you come back.`;
}

/** "Ana joined": an agent took the conversation. */
export function joinedText(agentName: string): string {
  return `${agentName} joined`;
}
