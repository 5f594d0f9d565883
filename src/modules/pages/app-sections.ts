/** The sidebar, in order. Each later module replaces its "coming soon" page with the real one. */
export interface AppSection {
  key: string;
  label: string;
  href: string;
  icon: string;
}

export const APP_SECTIONS: readonly AppSection[] = [
  { key: 'dashboard', label: 'Dashboard', href: '/dashboard', icon: 'home' },
  { key: 'bookings', label: 'Bookings', href: '/bookings', icon: 'calendar' },
  { key: 'availability', label: 'Availability', href: '/availability', icon: 'clock' },
  { key: 'clients', label: 'Clients', href: '/clients', icon: 'users' },
  { key: 'packages', label: 'Packages', href: '/packages', icon: 'package' },
  { key: 'analytics', label: 'Analytics', href: '/analytics', icon: 'chart' },
  { key: 'settings', label: 'Settings', href: '/settings', icon: 'settings' },
];

/** Navigation view model: which item is current, for aria-current and the brand highlight. */
export function navFor(activeKey: string): Array<AppSection & { active: boolean }> {
  return APP_SECTIONS.map((section) => ({ ...section, active: section.key === activeKey }));
}
