import { Module } from '@nestjs/common';

/** The pages core: nothing yet (the landing page needs no service). Kept so every feature has one. */
@Module({})
export class PagesModule {}
