// SES replaces any Message-ID with its own; this is the one the customer's mail client will quote (S2).

export function deliveredMessageId(sesMessageId: string, region: string): string {
  const domain = region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
  return `<${sesMessageId}@${domain}>`;
}
