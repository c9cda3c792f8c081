<?cs def:content() ?>
<h1>Customers</h1>
<div class="actions">
  <a class="button" href="/customers/new">New customer</a>
  <a href="/customers/import">Import from CSV</a>
  <a href="/customers.csv">Export as CSV</a>
</div>
<form method="get" action="/customers" class="filters" role="search">
  <div>
    <label for="q">Code, name, email or phone</label>
    <input id="q" name="q" type="search" maxlength="100" value="<?cs var:Search.Q ?>"<?cs if:Errors.q ?> aria-invalid="true" aria-describedby="q-error"<?cs /if ?>>
  </div>
  <button type="submit">Search</button>
<?cs if:Search.Active ?>
  <a href="/customers">Show all</a>
<?cs /if ?>
</form>
<?cs if:Errors.q ?>
<p class="field-error" id="q-error"><?cs var:Errors.q ?></p>
<?cs elif:List.Count == 0 ?>
<?cs if:Search.Active ?>
<p>No customer matches this search.</p>
<?cs elif:Pager.First ?>
<p>There are no more customers.</p>
<?cs else ?>
<p>There are no customers yet.</p>
<?cs /if ?>
<?cs else ?>
<table class="list">
  <thead>
    <tr>
      <th scope="col">Code</th>
      <th scope="col">Name</th>
      <th scope="col">Email</th>
      <th scope="col">Phone</th>
      <th scope="col" class="num">Accounts</th>
    </tr>
  </thead>
  <tbody>
<?cs each:c = Customers ?>
    <tr>
      <td class="code"><a href="/customers/<?cs var:c.Code ?>"><?cs var:c.Code ?></a></td>
      <td><a href="/customers/<?cs var:c.Code ?>"><?cs var:c.Name ?></a></td>
      <td><?cs var:c.Email ?></td>
      <td><?cs var:c.Phone ?></td>
      <td class="num"><?cs var:c.Accounts ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs if:Pager.First || Pager.Next ?>
<nav class="pager" aria-label="Pages">
<?cs if:Pager.First ?>  <a href="<?cs var:Pager.First ?>">First page</a>
<?cs /if ?><?cs if:Pager.Next ?>  <a href="<?cs var:Pager.Next ?>" rel="next">Next page</a>
<?cs /if ?></nav>
<?cs /if ?>
<?cs /def ?>
