// Fixture for tools/check-stores.mjs: a service that queries the database itself. Every call below
// must be reported; the check fails if one is not.
import { type DataSource, type EntityManager, type Repository } from 'typeorm';

class Widget {
  id!: string;
}

export class LeakyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: Repository<Widget>,
    private readonly manager: EntityManager,
  ) {}

  async leak(manager: EntityManager): Promise<unknown[]> {
    const raw: unknown[] = await manager.query('SELECT 1');
    await manager.findOneBy(Widget, { id: 'x' });
    const dataSource = this.dataSource;
    await dataSource.query('SELECT 2');
    const repository = this.repository;
    await repository.find();
    await manager.createQueryBuilder(Widget, 'w').getMany();
    await this.manager.getRepository(Widget).count();
    return raw;
  }
}
