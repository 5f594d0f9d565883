/** One trainer as operations staff see it, across tenants. */
export interface TrainerSummary {
  id: string;
  businessName: string;
  email: string;
  name: string;
  timeZone: string;
  currency: string;
  clientCount: number;
  createdAt: Date;
}

export interface TrainerPage {
  items: TrainerSummary[];
  nextCursor: string | null;
}
