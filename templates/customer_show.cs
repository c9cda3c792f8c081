<?cs def:content() ?>
<section class="card wide">
  <p><a href="/customers">All customers</a></p>
  <h1><?cs var:Customer.Name ?></h1>
<?cs if:Page.Notice ?>
  <p class="notice" role="status"><?cs var:Page.Notice ?></p>
<?cs /if ?>
  <dl class="facts">
    <dt>Customer code</dt><dd><?cs var:Customer.Code ?></dd>
    <dt>Email</dt><dd><?cs if:Customer.Email ?><?cs var:Customer.Email ?><?cs else ?><span class="hint">None</span><?cs /if ?></dd>
    <dt>Phone</dt><dd><?cs if:Customer.Phone ?><?cs var:Customer.Phone ?><?cs else ?><span class="hint">None</span><?cs /if ?></dd>
    <dt>Notes</dt><dd class="notes"><?cs if:Customer.Notes ?><?cs var:Customer.Notes ?><?cs else ?><span class="hint">None</span><?cs /if ?></dd>
  </dl>
  <div class="actions">
    <a class="button" href="/customers/<?cs var:Customer.Code ?>/edit">Edit</a>
  </div>
  <h2>Accounts</h2>
<?cs if:subcount(Accounts) == 0 ?>
  <p>This customer has no account yet.</p>
<?cs else ?>
  <table class="list">
    <thead>
      <tr>
        <th scope="col">Account</th>
        <th scope="col">Status</th>
        <th scope="col" class="num">Balance</th>
        <th scope="col" class="num">Credit limit</th>
      </tr>
    </thead>
    <tbody>
<?cs each:a = Accounts ?>
      <tr>
        <td><a href="/accounts/<?cs var:a.Number ?>"><?cs var:a.Number ?></a></td>
        <td><?cs if:a.Status == "Active" ?><span class="badge">Active</span><?cs else ?><span class="badge off">Inactive</span><?cs /if ?></td>
        <td class="num"><?cs var:a.Balance ?></td>
        <td class="num"><?cs var:a.Limit ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
<?cs /if ?>
</section>
<?cs /def ?>
