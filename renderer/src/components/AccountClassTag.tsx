// The account class as a small tag: "management" (the organization's management account) or "excluded"
// (a member account kept out of root-credential deletion). docs/FORMAT.md §3.2.

export function AccountClassTag({ accountClass }: { readonly accountClass: string }) {
  return (
    <span className={`tag tag-${accountClass === 'management' ? 'management' : 'excluded'}`} title={accountClass === 'management' ? "The organization's management account" : 'Member account excluded from root-credential deletion'}>
      {accountClass}
    </span>
  );
}
