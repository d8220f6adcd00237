/** Resolves a coarse location (country, city) for a sign-in; shown in the device inventory. */
export interface LocationResolver {
  resolve(req: { ip: string | null; headers: Headers }): Promise<string | null> | string | null;
}

const MAX_LOCATION_LENGTH = 64;

/**
 * Reads the location from a header set by a trusted edge (e.g. `cf-ipcountry`). Only use it
 * behind a proxy that overwrites the header; clients can send anything otherwise. Values are
 * restricted to printable text and capped at 64 characters.
 */
export function headerLocationResolver(headerName: string): LocationResolver {
  const name = headerName.toLowerCase();
  return {
    resolve({ headers }) {
      const value = headers.get(name)?.trim();
      if (value === undefined || value === '' || value.toUpperCase() === 'XX') return null;
      const clean = value.replace(/[^\p{L}\p{N} ,.'()-]/gu, '').slice(0, MAX_LOCATION_LENGTH);
      return clean === '' ? null : clean;
    },
  };
}
