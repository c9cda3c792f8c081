<?cs def:content() ?>
<p><a href="/groups">All user groups</a></p>
<h1><?cs var:Page.Title ?></h1>
<?cs if:Form.Saved ?>
<p class="notice" role="status">The group was saved.</p>
<?cs /if ?>
<?cs if:Errors.fixed ?>
<p class="error" role="alert"><?cs var:Errors.fixed ?></p>
<?cs /if ?>
<?cs if:Group.Id ?>
<p class="lead"><?cs var:Group.Members ?></p>
<?cs /if ?>
<?cs if:Group.Fixed ?>
<p>The Administrator group always has every permission, so that each store keeps someone who can do everything. It cannot be renamed, changed or deleted.</p>
<table class="list matrix wide">
  <thead>
    <tr>
      <th scope="col">Permission</th>
      <th scope="col">Level</th>
    </tr>
  </thead>
  <tbody>
<?cs each:p = Perms ?>
    <tr>
      <th scope="row"><?cs var:p.Label ?></th>
      <td><?cs var:p.LevelLabel ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs else ?>
<form method="post" action="<?cs var:Form.Action ?>" class="wide" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
  <label for="name">Name <span class="hint">(up to 100 characters)</span></label>
  <input id="name" name="name" type="text" maxlength="100" required value="<?cs var:Group.Name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
  <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
  <fieldset class="matrix"<?cs if:Errors.permissions ?> aria-describedby="permissions-error"<?cs /if ?>>
    <legend>Permissions</legend>
<?cs if:Errors.permissions ?>
    <p class="field-error" id="permissions-error"><?cs var:Errors.permissions ?></p>
<?cs /if ?>
    <table class="list matrix">
      <thead>
        <tr>
          <th scope="col">Permission</th>
<?cs each:l = Levels ?>
          <th scope="col" id="level-<?cs var:l.Key ?>"><?cs var:l.Label ?></th>
<?cs /each ?>
        </tr>
      </thead>
      <tbody>
<?cs each:p = Perms ?>
        <tr<?cs if:p.Bad ?> class="invalid"<?cs /if ?>>
          <th scope="row" id="perm-<?cs var:p.Key ?>"><?cs var:p.Label ?></th>
<?cs each:l = Levels ?>
<?cs if:p.ViewOnly && l.Key == "manager_code" ?>
          <td><span class="hint" title="Seeing a page needs no manager's code">—</span></td>
<?cs else ?>
          <td><input type="radio" name="perm_<?cs var:p.Key ?>" value="<?cs var:l.Key ?>" aria-labelledby="perm-<?cs var:p.Key ?> level-<?cs var:l.Key ?>"<?cs if:p.Choice == l.Key ?> checked<?cs /if ?><?cs if:p.Bad ?> aria-invalid="true" aria-describedby="permissions-error"<?cs /if ?>></td>
<?cs /if ?>
<?cs /each ?>
        </tr>
<?cs /each ?>
      </tbody>
    </table>
  </fieldset>
<?cs include:"approval.cs" ?>
  <div class="form-actions">
    <button type="submit">Save group</button>
<?cs if:Group.Id ?>
    <button type="submit" class="danger" formaction="/groups/<?cs var:Group.Id ?>/delete"<?cs if:Errors.delete ?> aria-describedby="delete-error"<?cs /if ?>>Delete group</button>
<?cs /if ?>
  </div>
<?cs if:Errors.delete ?>
  <p class="field-error" id="delete-error" role="alert"><?cs var:Errors.delete ?></p>
<?cs /if ?>
</form>
<?cs /if ?>
<?cs /def ?>
