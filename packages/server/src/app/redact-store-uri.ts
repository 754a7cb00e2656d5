/** A store URI fit for printing: the password of `scheme://user:password@host/...` becomes `***`. */
export function redactStoreUri(uri: string): string {
  return uri.replace(/^([a-z][\w+.-]*:\/\/[^:/@]+):[^@/]*@/i, "$1:***@");
}
