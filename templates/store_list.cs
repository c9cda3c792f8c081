<?cs def:content() ?>
<h1>Stores</h1>
<?cs if:Notice.CreatedCode ?>
<p class="notice" role="status">The store <?cs var:Notice.CreatedName ?> (<?cs var:Notice.CreatedCode ?>) was created and you are its administrator. Switch to it to set up its bank account, payment methods and staff.</p>
<?cs /if ?>
<div class="actions">
  <a class="button" href="/stores/new">New store</a>
  <a href="/settings">Settings of this store</a>
</div>
<table class="list">
  <caption class="hint">The stores you work in, and your user group in each.</caption>
  <thead>
    <tr>
      <th scope="col">Code</th>
      <th scope="col">Name</th>
      <th scope="col">Currency</th>
      <th scope="col">Time zone</th>
      <th scope="col">Your group</th>
      <th scope="col">Store</th>
    </tr>
  </thead>
  <tbody>
<?cs each:s = Stores ?>
    <tr>
      <td><?cs var:s.Code ?></td>
      <td><?cs var:s.Name ?></td>
      <td><?cs var:s.Currency ?></td>
      <td><?cs var:s.Timezone ?></td>
      <td><?cs var:s.Group ?></td>
      <td>
<?cs if:s.Current ?>
        <span class="badge">Current</span>
<?cs else ?>
        <form method="post" action="/store/switch" class="inline row-action">
          <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
          <input type="hidden" name="store" value="<?cs var:s.Code ?>">
          <button type="submit" class="secondary">Switch to it</button>
        </form>
<?cs /if ?>
      </td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /def ?>
